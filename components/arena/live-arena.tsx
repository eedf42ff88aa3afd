"use client";

import { useEffect, useRef } from "react";
import { Button, Kbd } from "@/components/ui/button";
import type { LiveModelOption } from "@/lib/arena/live-types";
import { sideResult } from "@/lib/arena/sides";
import { BattleSetup } from "./battle-setup";
import { ChallengeDialog } from "./challenge-dialog";
import { LiveSidePanel } from "./live-side-panel";
import { PromptBox } from "./prompt-box";
import { useLiveBattle } from "./use-live-battle";
import { RecordedVote, VoteBar } from "./vote-bar";
import { useVoteHotkeys } from "./vote-hotkeys";
import { VoteReasons } from "./vote-reasons";

export function LiveArena({
  options,
  drawable,
  criteria = false,
}: {
  options: LiveModelOption[];
  drawable: number;
  criteria?: boolean;
}) {
  const live = useLiveBattle();
  const { session, votable, busy } = live;
  const newBattleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (session?.reveal) newBattleRef.current?.focus();
  }, [session?.reveal]);

  useVoteHotkeys(
    { canVote: votable && !session?.chosen && !live.challenge, canNext: !!session?.reveal, canStop: busy },
    { onVote: (choice) => void live.vote(choice), onNext: live.reset, onStop: () => void live.stopAll() },
  );

  if (!session) {
    return (
      <div data-testid="live-arena">
        <BattleSetup
          options={options}
          drawable={drawable}
          starting={live.starting}
          error={live.startError}
          onStart={(input) => void live.start(input)}
        />
      </div>
    );
  }

  const { battle, conversation, reveal, known, notice } = session;
  const names = reveal ? { left: reveal.left, right: reveal.right } : known;
  const turns = conversation.turns;
  const settled = !busy;
  const canContinue = votable && !reveal;
  return (
    <div className="space-y-4" data-testid="live-arena" data-battle-id={battle.id} data-mode={battle.mode}>
      {conversation.leak && !reveal ? (
        <div
          role="alert"
          data-testid="leak-warning"
          className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm dark:border-amber-800 dark:bg-amber-950"
        >
          <strong>Identity revealed.</strong> The prompt or an answer names (or asks about) a model, so this
          battle is no longer blind. You can still vote, but the vote will not count toward the public
          leaderboard.
        </div>
      ) : null}
      {battle.mode === "named" && !reveal ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="named-notice">
          Named battle: you picked these models, so your vote is recorded but not counted publicly.
        </p>
      ) : null}

      {turns.map((turn, i) => {
        const current = i === turns.length - 1;
        return (
          <section key={i} aria-label={`Turn ${i + 1}`} className="space-y-2" data-testid={`turn-${i}`}>
            <div className="ml-auto max-w-[85%] whitespace-pre-wrap break-words rounded-lg bg-indigo-50 px-4 py-2 text-sm dark:bg-indigo-950">
              <span className="sr-only">You: </span>
              {turn.prompt}
            </div>
            <div className="grid gap-4 md:grid-cols-2">
              {(["left", "right"] as const).map((side) => (
                <LiveSidePanel
                  key={side}
                  side={side}
                  turn={i}
                  current={current}
                  answer={turn[side]}
                  model={names?.[side] ?? null}
                  outcome={current && reveal ? sideResult(reveal.choice, side) : null}
                  onStop={() => void live.stop(side)}
                  onRetry={() => live.retry(side)}
                  onNewBattle={live.reset}
                />
              ))}
            </div>
          </section>
        );
      })}

      <div className="sticky bottom-0 space-y-2 border-t border-zinc-200 bg-zinc-50/95 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95">
        <VoteBar disabled={!votable || session.chosen !== null} chosen={session.chosen} onVote={live.vote} />
        <div aria-live="polite" className="min-h-6 text-sm" data-testid="vote-status">
          {busy ? "Answers are streaming… vote when both have finished (Esc stops them)." : null}
          {settled && conversation.settled === "errored"
            ? "A model failed: retry it or start a new battle. This battle cannot be voted on."
            : null}
          {votable && !session.chosen ? "Vote now, or continue the conversation first." : null}
          {session.chosen && !reveal ? "Recording your vote…" : null}
          {reveal ? <RecordedVote reveal={reveal} /> : null}
          {notice ? <span className="ml-2 text-amber-700 dark:text-amber-400">{notice}</span> : null}
        </div>
        {reveal ? <VoteReasons key={battle.id} battleId={battle.id} criteria={criteria} /> : null}
        {canContinue ? (
          <PromptBox
            label="Follow-up message"
            placeholder="Continue the conversation: both models get the whole history…"
            submitLabel="Send follow-up"
            disabled={busy}
            testId="follow-up"
            onSubmit={live.continueWith}
          />
        ) : null}
        <div className="flex flex-wrap gap-2">
          {settled && conversation.settled !== "pending" ? (
            <Button onClick={() => void live.regenerate()} data-testid="regenerate">
              Regenerate
            </Button>
          ) : null}
          <Button
            ref={newBattleRef}
            variant={reveal ? "primary" : "secondary"}
            onClick={live.reset}
            data-testid="new-battle"
          >
            New battle {reveal ? <Kbd>N</Kbd> : null}
          </Button>
        </div>
      </div>
      {live.challenge ? (
        <ChallengeDialog
          message={live.challenge.message}
          onCancel={live.clearChallenge}
          onPassed={() => {
            const { choice } = live.challenge!;
            live.clearChallenge();
            void live.vote(choice);
          }}
        />
      ) : null}
    </div>
  );
}
