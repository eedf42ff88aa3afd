import "server-only";
import { headers } from "next/headers";
import { after } from "next/server";
import { noteVoterOrigin, recordVoteFacts } from "@/lib/db/abuse-evidence";
import { consumeLimit } from "@/lib/db/rate-limits";
import { acquireStreamLease, assertBattleWithinBudget, releaseStreamLease } from "@/lib/db/stream-limits";
import { arenaSecret, env } from "@/lib/env";
import type { LimitName } from "./limits";
import { type RequestFacts, requestFacts } from "./request-facts";
import { screenVoter } from "./screen";

// The abuse defences as the request paths call them: before doing anything, spend the
// rate limit (a 429 leaves nothing written); after a vote, keep its request facts and
// screen the voter once the response has gone out.

/** Keyed hashes of this request's address and user agent (from next/headers). */
export async function currentRequestFacts(): Promise<RequestFacts> {
  return requestFacts(await headers(), arenaSecret(), env().ARENA_TRUST_PROXY_HOPS);
}

/** Spends one point of `name` for the voter and the request's address, or throws a 429. */
export async function guardRequest(name: LimitName, voterId: string | null): Promise<RequestFacts> {
  const facts = await currentRequestFacts();
  await consumeLimit(name, { voterId, ipHash: facts.ipHash });
  return facts;
}

/** Before dealing a battle: the limit, and where this voter cookie was first seen. */
export async function guardDeal(voterId: string): Promise<void> {
  const facts = await guardRequest("deal", voterId);
  await noteVoterOrigin({ voterId, ipHash: facts.ipHash });
}

/** After a vote was stored: its request facts now, the detectors after the response. */
export async function afterVote({
  voterId,
  battleId,
  facts,
}: {
  voterId: string;
  battleId: string;
  facts: RequestFacts;
}) {
  await recordVoteFacts({ battleId, ...facts });
  await noteVoterOrigin({ voterId, ipHash: facts.ipHash });
  after(() =>
    screenVoter({ voterId, ipHash: facts.ipHash }).catch((error) =>
      console.error("abuse screening failed:", error),
    ),
  );
}

/**
 * Before a stream request (a turn, a retry, a regeneration): the rate limit, the models'
 * token budgets and a lease under the concurrency caps. The caller must call `release`
 * when the stream ends, however it ends.
 */
export async function guardStream({
  voterId,
  battleId,
}: {
  voterId: string;
  battleId: string;
}): Promise<{ release: () => Promise<void> }> {
  await guardRequest("stream", voterId);
  await assertBattleWithinBudget({ battleId });
  const lease = await acquireStreamLease({ voterId, battleId });
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await releaseStreamLease(lease).catch((error) => console.error("stream lease release failed:", error));
    },
  };
}
