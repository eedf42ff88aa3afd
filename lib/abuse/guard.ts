import "server-only";
import { headers } from "next/headers";
import { after } from "next/server";
import { noteVoterOrigin } from "@/lib/db/abuse-evidence";
import { consumeLimit } from "@/lib/db/rate-limits";
import { acquireStreamLease, assertBattleWithinBudget, releaseStreamLease } from "@/lib/db/stream-limits";
import { arenaSecret, env } from "@/lib/env";
import type { LimitName } from "./limits";
import { type RequestFacts, requestFacts } from "./request-facts";
import { screenVoter } from "./screen";
import { type ScreenThrottle, screenThrottle } from "./screen-throttle";

// The abuse defences as the request paths call them: before doing anything, spend the
// rate limit (a 429 leaves nothing written); after a vote (stored with its request
// facts), screen the voter once the response has gone out.

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

/**
 * What the request paths need from the request they serve: its facts, and a way to run
 * work once the response has gone out. Next's (next/headers, after) by default; the fast
 * routes (lib/fast-routes), which Next does not dispatch, pass their own.
 */
export interface RequestContext {
  facts: RequestFacts;
  afterResponse: (task: () => unknown) => void;
}

export async function nextRequestContext(): Promise<RequestContext> {
  return { facts: await currentRequestFacts(), afterResponse: after };
}

/** Before dealing a live battle or a regeneration: the limit, and where this voter cookie was first seen. */
export async function guardDeal(voterId: string): Promise<void> {
  const facts = await guardRequest("deal", voterId);
  await noteVoterOrigin({ voterId, ipHash: facts.ipHash });
}

// At most one screening per voter per 5 s in this process (lib/abuse/screen-throttle.ts).
const SCREEN_EVERY_MS = 5_000;
const globalScreen = globalThis as unknown as { arenaScreenThrottle?: ScreenThrottle<string | null> };
globalScreen.arenaScreenThrottle ??= screenThrottle(
  (voterId, ipHash) => screenVoter({ voterId, ipHash }),
  SCREEN_EVERY_MS,
);
const throttle = globalScreen.arenaScreenThrottle;

/**
 * After a vote was stored (with its request facts, by record_vote): the detectors, once
 * the response has gone out, for this voter's votes of the last few seconds at once.
 */
export function screenAfterResponse(
  { voterId, ipHash }: { voterId: string; ipHash: string | null },
  afterResponse: RequestContext["afterResponse"] = after,
): void {
  afterResponse(() => throttle.request(voterId, ipHash));
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
