"use client";

import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { Button, Kbd } from "@/components/ui/button";
import { SIDE_LABEL, sideResult, type VoteChoice } from "@/lib/arena/sides";
import type { BattleView, Reveal } from "@/lib/arena/types";
import { ChallengeDialog } from "./challenge-dialog";
import { Markdown } from "./markdown";
import { ResponsePanel } from "./response-panel";
import { requestCorpusBattle, requestVote } from "./vote-api";
import { RecordedVote, VoteBar } from "./vote-bar";
import { useVoteHotkeys } from "./vote-hotkeys";
import { VoteReasons } from "./vote-reasons";

type State =
  | { kind: "loading" }
  | { kind: "empty" }
  | { kind: "failed"; message: string }
  | { kind: "battle"; battle: BattleView; shownAt: number; reveal: Reveal | null; notice: string | null };

export function CorpusArena({ criteria = false }: { criteria?: boolean }) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [voting, startVoting] = useTransition();
  const [chosen, setChosen] = useState<VoteChoice | null>(null);
  // A vote that came back `challenge_required`: sent again once the check passes.
  const [challenge, setChallenge] = useState<{ message: string; choice: VoteChoice } | null>(null);
  const nextRef = useRef<HTMLButtonElement>(null);

  const loadBattle = useCallback(async () => {
    setState({ kind: "loading" });
    setChosen(null);
    try {
      const res = await requestCorpusBattle();
      if (res.status === "empty") setState({ kind: "empty" });
      else if (res.status !== "ok") setState({ kind: "failed", message: res.message });
      else
        setState({
          kind: "battle",
          battle: res.battle,
          shownAt: performance.now(),
          reveal: null,
          notice: null,
        });
    } catch {
      setState({ kind: "failed", message: "Could not load a battle. Check your connection and try again." });
    }
  }, []);

  useEffect(() => {
    void loadBattle();
  }, [loadBattle]);

  const vote = useCallback(
    (choice: VoteChoice) => {
      if (state.kind !== "battle" || state.reveal || voting || chosen) return;
      setChosen(choice);
      const { battle, shownAt } = state;
      startVoting(async () => {
        try {
          const res = await requestVote({
            battleId: battle.id,
            choice,
            timeToVoteMs: Math.round(performance.now() - shownAt),
          });
          if (res.status === "ok" || res.status === "already_voted") {
            setState({
              kind: "battle",
              battle,
              shownAt,
              reveal: res.reveal,
              notice:
                res.status === "already_voted"
                  ? "This battle already had your vote; it was counted once."
                  : null,
            });
            setChosen(res.reveal.choice);
          } else if (res.status === "error" && res.code === "challenge_required") {
            setChosen(null);
            setChallenge({ message: res.message, choice });
          } else {
            setChosen(null);
            setState({ ...state, notice: res.message });
          }
        } catch {
          setChosen(null);
          setState({ ...state, notice: "Your vote did not reach the server. Please try again." });
        }
      });
    },
    [state, voting, chosen],
  );

  useEffect(() => {
    if (state.kind === "battle" && state.reveal) nextRef.current?.focus();
  }, [state]);

  useVoteHotkeys(
    {
      canVote: state.kind === "battle" && !state.reveal && !challenge,
      canNext: state.kind === "battle" && !!state.reveal,
    },
    { onVote: vote, onNext: () => void loadBattle() },
  );

  if (state.kind === "loading") {
    return (
      <div role="status" aria-live="polite" className="animate-pulse space-y-3" data-testid="battle-loading">
        <div className="h-16 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
        <div className="grid gap-4 md:grid-cols-2">
          <div className="h-64 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
          <div className="h-64 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
        </div>
        <span className="sr-only">Loading a battle…</span>
      </div>
    );
  }
  if (state.kind === "empty") {
    return (
      <div
        data-testid="battle-empty"
        className="rounded-lg border border-dashed border-zinc-300 p-8 text-center"
      >
        <p className="font-medium">No battles to show yet.</p>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          The arena needs a corpus in which at least two active models answered the same prompt. Seed the demo
          with <code>npm run db:seed</code> or import one with <code>npm run import:corpus -- FILE</code>.
        </p>
      </div>
    );
  }
  if (state.kind === "failed") {
    return (
      <div role="alert" className="rounded-lg border border-rose-300 bg-rose-50 p-6 dark:bg-rose-950">
        <p>{state.message}</p>
        <Button className="mt-3" onClick={() => void loadBattle()}>
          Try again
        </Button>
      </div>
    );
  }

  const { battle, reveal, notice } = state;
  return (
    <div className="space-y-4" data-testid="battle" data-battle-id={battle.id}>
      <section
        aria-label="Prompt"
        className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Prompt</h2>
        <div data-testid="battle-prompt">
          <Markdown>{battle.prompt}</Markdown>
        </div>
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <ResponsePanel
          label={SIDE_LABEL.left}
          content={battle.left.content}
          revealed={reveal?.left ?? null}
          outcome={reveal ? sideResult(reveal.choice, "left") : null}
          testId="side-left"
        />
        <ResponsePanel
          label={SIDE_LABEL.right}
          content={battle.right.content}
          revealed={reveal?.right ?? null}
          outcome={reveal ? sideResult(reveal.choice, "right") : null}
          testId="side-right"
        />
      </div>
      <div className="sticky bottom-0 space-y-2 border-t border-zinc-200 bg-zinc-50/95 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95">
        <VoteBar disabled={voting || reveal !== null || chosen !== null} chosen={chosen} onVote={vote} />
        <div aria-live="polite" className="min-h-6 text-sm" data-testid="vote-status">
          {voting ? "Recording your vote…" : null}
          {reveal ? <RecordedVote reveal={reveal} /> : null}
          {notice ? <span className="ml-2 text-amber-700 dark:text-amber-400">{notice}</span> : null}
        </div>
        {reveal ? <VoteReasons key={battle.id} battleId={battle.id} criteria={criteria} /> : null}
        {reveal ? (
          <Button ref={nextRef} variant="primary" data-testid="next-battle" onClick={() => void loadBattle()}>
            Next battle <Kbd>N</Kbd>
          </Button>
        ) : null}
      </div>
      {challenge ? (
        <ChallengeDialog
          message={challenge.message}
          onCancel={() => setChallenge(null)}
          onPassed={() => {
            setChallenge(null);
            vote(challenge.choice);
          }}
        />
      ) : null}
    </div>
  );
}
