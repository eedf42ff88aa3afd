import "server-only";
import type { Challenge } from "altcha-lib/types";
import { z } from "zod";
import { getChallengeState, recordChallengePass } from "@/lib/db/challenges";
import { arenaSecret, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  CHALLENGE_MESSAGE,
  type ChallengeReason,
  challengeNeeded,
  checkPow,
  issuePow,
  PowPayload,
  verifyTurnstile,
} from "./challenge";
import { parsePolicy } from "./policy";
import { CHURN_WINDOW_MS } from "./screen";

// Challenges as the request paths use them: castVote asks whether the voter must pass
// one first; the page (server actions) and scripted clients (/api/challenge) fetch a
// challenge and hand in the answer.

/** A 428 whose message the page shows before offering the check. */
export class ChallengeRequiredError extends AppError {
  constructor(readonly reason: ChallengeReason) {
    super("challenge_required", CHALLENGE_MESSAGE[reason]);
  }
}

/** Whether votes may be held for a challenge (assertChallengeCleared checks anything). */
export const challengesEnabled = () =>
  env().ARENA_ABUSE_DEFENCES !== "off" && env().ARENA_CHALLENGES !== "off";

function turnstileKeys(): { siteKey: string; secret: string } | null {
  const { TURNSTILE_SITE_KEY: siteKey, TURNSTILE_SECRET_KEY: secret } = env();
  return siteKey && secret ? { siteKey, secret } : null;
}

/** Throws ChallengeRequiredError when this voter must pass a challenge before voting. */
export async function assertChallengeCleared({
  voterId,
  ipHash,
}: {
  voterId: string;
  ipHash: string | null;
}) {
  if (!challengesEnabled()) return;
  const state = await getChallengeState({ voterId, ipHash, churnWindowMs: CHURN_WINDOW_MS });
  const reason = challengeNeeded(state, {
    afterVotes: env().ARENA_CHALLENGE_AFTER_VOTES,
    churnCookies: parsePolicy(env().ARENA_ABUSE_POLICY).identity_churn.suggest,
  });
  if (reason) throw new ChallengeRequiredError(reason);
}

export type ChallengeOffer = { kind: "turnstile"; siteKey: string } | { kind: "pow"; challenge: Challenge };

/** A fresh challenge for this voter: Turnstile's site key, or a proof of work bound to them. */
export async function offerChallenge(voterId: string): Promise<ChallengeOffer> {
  const keys = turnstileKeys();
  if (keys) return { kind: "turnstile", siteKey: keys.siteKey };
  return { kind: "pow", challenge: await issuePow({ secret: arenaSecret(), voterId }) };
}

export const ChallengeAnswer = z.union([
  z.strictObject({ kind: z.literal("pow"), payload: PowPayload }),
  z.strictObject({ kind: z.literal("turnstile"), token: z.string().min(1).max(4096) }),
]);
export type ChallengeAnswer = z.infer<typeof ChallengeAnswer>;

/** Verifies an answer and records the pass (single use); throws a readable AppError otherwise. */
export async function passChallenge({ voterId, answer }: { voterId: string; answer: ChallengeAnswer }) {
  const keys = turnstileKeys();
  if ((answer.kind === "turnstile") !== Boolean(keys)) {
    throw new AppError("bad_request", "This arena uses another kind of check; please reload the page.");
  }
  const check =
    answer.kind === "pow"
      ? await checkPow(answer.payload, { secret: arenaSecret(), voterId })
      : await verifyTurnstile({
          token: answer.token,
          secret: (keys as { secret: string }).secret,
          url: env().ARENA_TURNSTILE_VERIFY_URL,
        });
  if (!check.ok) throw new AppError("bad_request", check.message);
  if (!(await recordChallengePass({ voterId, kind: answer.kind, nonce: check.nonce }))) {
    throw new AppError("bad_request", "That check was already used. Please take a new one.");
  }
  return { status: "ok" as const };
}
