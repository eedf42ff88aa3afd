import "server-only";
import { assertChallengeCleared, challengesEnabled } from "@/lib/abuse/challenge-guard";
import { nextRequestContext, type RequestContext, screenAfterResponse } from "@/lib/abuse/guard";
import type { CastVoteInput } from "@/lib/arena/schemas";
import type { VoteResult } from "@/lib/arena/types";
import { consumeLimit, type LimitSpend, limitSpendFor } from "@/lib/db/rate-limits";
import { recordVote } from "@/lib/db/votes";
import { inFlight } from "@/lib/instances/drain";
import { scheduleRecompute } from "@/lib/leaderboard/recompute";

// The one way a vote is cast, for the fast route (lib/fast-routes) and the JSON route
// handler (POST /api/battles/[id]/vote) alike: whatever a vote must do — checks, storing it,
// refreshing the leaderboard — happens here, not in one caller.

/**
 * Stores the vote (durably, before this resolves) and schedules a leaderboard recompute
 * when it is new (lib/leaderboard/schedule.ts). Throws AppError for expected refusals (unknown battle, not
 * the voter's, answers not complete). `ctx` is the request's (Next's when not given).
 */
export function castVote(
  input: CastVoteInput & { voterId: string },
  ctx?: RequestContext,
): Promise<VoteResult> {
  // Counted, so a graceful shutdown lets it commit and answer before the process exits.
  return inFlight(async () => castVoteNow(input, ctx ?? (await nextRequestContext())));
}

async function castVoteNow(
  input: CastVoteInput & { voterId: string },
  { facts, afterResponse }: RequestContext,
): Promise<VoteResult> {
  const subject = { voterId: input.voterId, ipHash: facts.ipHash };
  let limit: LimitSpend | null = null;
  if (challengesEnabled()) {
    // Over the limit: a 429 before anything is written.
    await consumeLimit("vote", subject);
    // A flagged voter, one due for a check, or a new cookie at a churning address: a 428
    // until a challenge is passed (lib/abuse/challenge.ts); nothing is written.
    await assertChallengeCleared(subject);
  } else {
    // Nothing to check in between: the vote's own statement spends the points first (a
    // 429 then writes nothing else), one round trip and commit fewer.
    limit = await limitSpendFor("vote", subject);
  }
  // The request's facts (keyed address and user agent) are stored with the vote itself.
  const result = await recordVote({ ...input, facts, limit });
  if (result.status === "ok") {
    scheduleRecompute();
    screenAfterResponse(subject, afterResponse);
  }
  return result;
}
