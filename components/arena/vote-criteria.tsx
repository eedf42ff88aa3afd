"use client";

import { useEffect, useEffectEvent, useRef, useState } from "react";
import { rateCriteriaAction } from "@/app/(arena)/actions";
import { Kbd } from "@/components/ui/button";
import {
  type CriterionAnswer,
  type CriterionId,
  criteriaKey,
  VOTE_CRITERIA,
} from "@/lib/arena/vote-criteria";
import { isTypingTarget } from "./vote-hotkeys";

const SAVE_DELAY_MS = 800;
const ANSWERS: { answer: CriterionAnswer; label: string; key: string }[] = [
  { answer: "left", label: "A", key: "A" },
  { answer: "right", label: "B", key: "B" },
  { answer: "tie", label: "Tie", key: "T" },
];

type Answers = Partial<Record<CriterionId, CriterionAnswer>>;

/**
 * Optional, after the vote, where the arena has them on: which answer was better on each
 * criterion. Keys: H, C or S picks the criterion, then A (←), B (→) or T answers. Saved in
 * the background a moment after the last choice, and flushed when the voter moves on, the
 * same way as the reason chips; a saved criterion is final (the server takes each once).
 */
export function VoteCriteria({ battleId }: { battleId: string }) {
  const [answers, setAnswers] = useState<Answers>({});
  const [saved, setSaved] = useState<CriterionId[]>([]);
  const [armed, setArmed] = useState<CriterionId | null>(null);
  const [status, setStatus] = useState<"idle" | "saving" | "saved" | "failed">("idle");
  const pending = useRef<Answers>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useEffectEvent(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const data = pending.current;
    pending.current = {};
    if (Object.keys(data).length === 0) return;
    setStatus("saving");
    rateCriteriaAction({ battleId, answers: data })
      .then((res) => {
        if (res.status === "ok") {
          setSaved((s) => [...s, ...(Object.keys(data) as CriterionId[])]);
          setStatus("saved");
        } else setStatus("failed");
      })
      .catch(() => setStatus("failed"));
  });

  const choose = (criterion: CriterionId, answer: CriterionAnswer) => {
    if (saved.includes(criterion)) return;
    setAnswers((a) => ({ ...a, [criterion]: answer }));
    pending.current = { ...pending.current, [criterion]: answer };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => flush(), SAVE_DELAY_MS);
  };

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || e.isComposing || isTypingTarget(e.target)) return;
    const action = criteriaKey(e.key, armed);
    if (!action) return;
    if (action.type === "disarm") {
      // Not ours: the key goes on to the arena (N for the next battle…).
      setArmed(null);
      return;
    }
    e.preventDefault();
    if (action.type === "arm") setArmed(action.criterion);
    else {
      choose(action.criterion, action.answer);
      setArmed(null);
    }
  });

  useEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      flush();
    };
  }, []);

  const armedLabel = VOTE_CRITERIA.find((c) => c.id === armed)?.label;
  return (
    <div className="space-y-1 text-sm" data-testid="vote-criteria">
      <div className="flex flex-wrap gap-x-4 gap-y-1.5">
        {VOTE_CRITERIA.map((c) => {
          const done = saved.includes(c.id);
          return (
            <fieldset
              key={c.id}
              className={`flex items-center gap-1 rounded-md px-1 ${armed === c.id ? "ring-2 ring-indigo-500" : ""}`}
              data-testid={`criterion-${c.id}`}
            >
              <legend className="float-left mr-1 text-zinc-600 dark:text-zinc-400" title={c.question}>
                {c.label} <Kbd>{c.key.toUpperCase()}</Kbd>
              </legend>
              {ANSWERS.map((a) => {
                const on = answers[c.id] === a.answer;
                return (
                  <button
                    key={a.answer}
                    type="button"
                    aria-pressed={on}
                    aria-label={`${c.label}: ${a.answer === "tie" ? "tie" : `${a.label} is better`}`}
                    disabled={done && !on}
                    data-testid={`criterion-${c.id}-${a.answer}`}
                    onClick={() => choose(c.id, a.answer)}
                    className={`rounded-md border px-2 py-0.5 disabled:opacity-40 ${
                      on
                        ? "border-indigo-600 bg-indigo-600 text-white"
                        : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                    }`}
                  >
                    {a.label}
                  </button>
                );
              })}
            </fieldset>
          );
        })}
      </div>
      <p aria-live="polite" className="min-h-4 text-xs text-zinc-500" data-testid="vote-criteria-status">
        {armedLabel
          ? `${armedLabel}: press A (←), B (→) or T.`
          : status === "saving"
            ? "saving…"
            : status === "saved"
              ? "saved"
              : status === "failed"
                ? "not saved"
                : "Optional: rate each criterion too."}
      </p>
    </div>
  );
}
