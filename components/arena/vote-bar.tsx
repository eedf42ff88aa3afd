"use client";

import { Button, Kbd } from "@/components/ui/button";
import type { VoteChoice } from "@/lib/arena/sides";
import type { Reveal } from "@/lib/arena/types";
import { VOTE_OPTIONS } from "./vote-hotkeys";

export function VoteBar({
  disabled,
  chosen,
  onVote,
}: {
  disabled: boolean;
  chosen: VoteChoice | null;
  onVote: (choice: VoteChoice) => void;
}) {
  return (
    <fieldset className="grid grid-cols-2 gap-2 sm:grid-cols-4" disabled={disabled} aria-label="Your vote">
      {VOTE_OPTIONS.map((o) => (
        <Button
          key={o.choice}
          data-testid={o.testId}
          variant={chosen === o.choice ? "primary" : "secondary"}
          aria-pressed={chosen === o.choice}
          onClick={() => onVote(o.choice)}
          disabled={disabled}
        >
          {o.label} <Kbd>{o.keys[0]}</Kbd>
        </Button>
      ))}
    </fieldset>
  );
}

/** What happened to the vote, said the same way in every arena mode. */
export function RecordedVote({ reveal }: { reveal: Pick<Reveal, "countsForPublic" | "exclusionReason"> }) {
  return (
    <span>
      Vote recorded.{" "}
      {reveal.countsForPublic
        ? "It counts toward the public leaderboard."
        : `Not counted publicly: ${reveal.exclusionReason}.`}
    </span>
  );
}
