"use client";

import { useEffect, useEffectEvent, useRef, useState } from "react";
import { explainVoteAction } from "@/app/(arena)/actions";
import { Kbd } from "@/components/ui/button";
import { MAX_RATIONALE_CHARS, reasonForKey, VOTE_REASONS, type VoteReasonId } from "@/lib/arena/vote-reasons";
import { VoteCriteria } from "./vote-criteria";
import { isTypingTarget } from "./vote-hotkeys";

const SAVE_DELAY_MS = 800;

/**
 * Optional, after the vote: reason chips (keys 1–9) and a one-line why (W to type, Enter to
 * save), then the per-criterion answers where the arena has them on. Saved in the background a moment after the last change, and flushed when the voter
 * moves on, so explaining never holds up the next battle; skipping it costs nothing.
 */
export function VoteReasons({ battleId, criteria = false }: { battleId: string; criteria?: boolean }) {
  const [reasons, setReasons] = useState<VoteReasonId[]>([]);
  const [rationale, setRationale] = useState("");
  const [status, setStatus] = useState<"idle" | "saving" | "saved" | "failed">("idle");
  const pending = useRef<{ reasons: VoteReasonId[]; rationale: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const why = useRef<HTMLInputElement>(null);

  const flush = useEffectEvent(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const data = pending.current;
    pending.current = null;
    if (!data) return;
    setStatus("saving");
    explainVoteAction({ battleId, reasons: data.reasons, rationale: data.rationale || undefined })
      .then((res) => setStatus(res.status === "ok" ? "saved" : "failed"))
      .catch(() => setStatus("failed"));
  });

  const schedule = (next: { reasons: VoteReasonId[]; rationale: string }, now = false) => {
    pending.current = next;
    if (timer.current) clearTimeout(timer.current);
    if (now) flush();
    else timer.current = setTimeout(() => flush(), SAVE_DELAY_MS);
  };

  const toggle = (id: VoteReasonId) => {
    const next = reasons.includes(id) ? reasons.filter((r) => r !== id) : [...reasons, id];
    setReasons(next);
    schedule({ reasons: next, rationale });
  };

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || e.isComposing || isTypingTarget(e.target)) return;
    if (e.key === "w" || e.key === "W") {
      e.preventDefault();
      why.current?.focus();
      return;
    }
    const id = reasonForKey(e.key);
    if (id) {
      e.preventDefault();
      toggle(id);
    }
  });

  useEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      // Moving on to the next battle: send what is pending without waiting for it.
      flush();
    };
  }, []);

  return (
    <div className="space-y-2 text-sm" data-testid="vote-reasons">
      <fieldset className="flex flex-wrap items-center gap-1.5">
        <legend className="float-left mr-1 text-zinc-500">Why? (optional)</legend>
        {VOTE_REASONS.map((r, i) => {
          const on = reasons.includes(r.id);
          return (
            <button
              key={r.id}
              type="button"
              aria-pressed={on}
              data-testid={`reason-${r.id}`}
              onClick={() => toggle(r.id)}
              className={`rounded-full border px-2 py-0.5 ${
                on
                  ? r.tone === "good"
                    ? "border-emerald-600 bg-emerald-600 text-white"
                    : "border-rose-600 bg-rose-600 text-white"
                  : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
              }`}
            >
              {r.label} <Kbd>{i + 1}</Kbd>
            </button>
          );
        })}
      </fieldset>
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          schedule({ reasons, rationale }, true);
          why.current?.blur();
        }}
      >
        <label htmlFor={`why-${battleId}`} className="text-zinc-500">
          In one line <Kbd>W</Kbd>
        </label>
        <input
          id={`why-${battleId}`}
          ref={why}
          data-testid="vote-rationale"
          value={rationale}
          maxLength={MAX_RATIONALE_CHARS}
          onChange={(e) => {
            setRationale(e.target.value);
            schedule({ reasons, rationale: e.target.value });
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") why.current?.blur();
          }}
          placeholder="e.g. B got the date wrong"
          className="min-w-0 flex-1 rounded-md border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        />
        <span aria-live="polite" className="w-14 text-xs text-zinc-500" data-testid="vote-reasons-status">
          {status === "saving"
            ? "saving…"
            : status === "saved"
              ? "saved"
              : status === "failed"
                ? "not saved"
                : ""}
        </span>
      </form>
      {criteria ? <VoteCriteria battleId={battleId} /> : null}
    </div>
  );
}
