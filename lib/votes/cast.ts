import "server-only";
import { assertChallengeCleared } from "@/lib/abuse/challenge-guard";
import { guardRequest, screenAfterResponse } from "@/lib/abuse/guard";
import type { CastVoteInput } from "@/lib/arena/schemas";
import type { VoteResult } from "@/lib/arena/types";
import { recordVote } from "@/lib/db/votes";
import { inFlight } from "@/lib/instances/drain";
import { scheduleRecompute } from "@/lib/leaderboard/recompute";

// The one way a vote is cast, for the server action (castVoteAction) and the JSON route
// (POST /api/battles/[id]/vote) alike: whatever a vote must do — checks, storing it,
// refreshing the leaderboard — happens here, not in one caller.

/**
 * Stores the vote (durably, before this resolves) and schedules a leaderboard recompute
 * when it is new (lib/leaderboard/schedule.ts). Throws AppError for expected refusals (unknown battle, not
 * the voter's, answers not complete).
 */
export function castVote(input: CastVoteInput & { voterId: string }): Promise<VoteResult> {
  // Counted, so a graceful shutdown lets it commit and answer before the process exits.
  return inFlight(() => castVoteNow(input));
}

async function castVoteNow(input: CastVoteInput & { voterId: string }): Promise<VoteResult> {
  // Over the limit: a 429 before anything is written.
  const facts = await guardRequest("vote", input.voterId);
  // A flagged voter, one due for a check, or a new cookie at a churning address: a 428
  // until a challenge is passed (lib/abuse/challenge.ts); nothing is written.
  await assertChallengeCleared({ voterId: input.voterId, ipHash: facts.ipHash });
  // The request's facts (keyed address and user agent) are stored with the vote itself.
  const result = await recordVote({ ...input, facts });
  if (result.status === "ok") {
    scheduleRecompute();
    screenAfterResponse({ voterId: input.voterId, ipHash: facts.ipHash });
  }
  return result;
}
