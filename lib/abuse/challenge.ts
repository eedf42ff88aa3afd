// Challenges before a vote counts: Cloudflare Turnstile when its keys are configured,
// otherwise a proof of work (ALTCHA's SHA-256 scheme, altcha-lib). They do not stop a
// determined bot; they make each fresh cookie and each flagged run of votes cost
// something, which is what rotating identities (bench:rigging strategy b) relies on
// being free. Pure apart from Turnstile's verification call.
import { createChallenge, verifySolution } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import type { Challenge } from "altcha-lib/types";
import { z } from "zod";

export type ChallengeReason = "flagged" | "votes" | "churn";

export interface ChallengeState {
  /** The voter passed a challenge before (ever). */
  passedBefore: boolean;
  /** Votes cast since the last pass (all votes when never passed). */
  votesSincePass: number;
  /** An open detector suggestion about the voter, newer than its last pass. */
  flaggedSincePass: boolean;
  /** New voter cookies first seen at the request's address in the last hour. */
  newCookiesAtAddress: number;
}

export interface ChallengeRules {
  /** Votes between challenges; 0: never for this reason. */
  afterVotes: number;
  /** New cookies per hour at one address from which each new cookie is challenged. */
  churnCookies: number;
}

/** Why this voter must pass a challenge before the next vote, or null. */
export function challengeNeeded(s: ChallengeState, rules: ChallengeRules): ChallengeReason | null {
  if (s.flaggedSincePass) return "flagged";
  if (rules.afterVotes > 0 && s.votesSincePass >= rules.afterVotes) return "votes";
  if (!s.passedBefore && s.newCookiesAtAddress >= rules.churnCookies) return "churn";
  return null;
}

export const CHALLENGE_MESSAGE: Record<ChallengeReason, string> = {
  flagged: "Some of your recent votes looked automated. Please complete a quick check before voting again.",
  votes: "You have cast many votes. Please complete a quick check so we know a person is still voting.",
  churn:
    "Many new voters arrived from your network recently. Please complete a quick check before your first vote.",
};

/** The ALTCHA-style work: the solver tries counters from 0 up to a random one in [min, max]. */
export interface PowOptions {
  secret: string;
  voterId: string;
  minCounter?: number;
  maxCounter?: number;
  ttlS?: number;
  now?: number;
  rng?: () => number;
}

/**
 * A proof-of-work challenge bound to the voter (signed into its data) and expiring after
 * `ttlS`. On a laptop's browser the default work (≤ 60,000 SHA-256) takes about a second.
 */
export async function issuePow({
  secret,
  voterId,
  minCounter = 20_000,
  maxCounter = 60_000,
  ttlS = 600,
  now = Date.now(),
  rng = Math.random,
}: PowOptions): Promise<Challenge> {
  return createChallenge({
    algorithm: "SHA-256",
    cost: 1,
    counter: minCounter + Math.floor(rng() * (maxCounter - minCounter + 1)),
    deriveKey,
    expiresAt: Math.floor(now / 1000) + ttlS,
    data: { voter: voterId },
    hmacSignatureSecret: powSecret(secret),
  });
}

/** The challenge key is derived from the app secret, never the secret itself. */
const powSecret = (secret: string) => `arena-pow\u0000${secret}`;

export const PowPayload = z.strictObject({
  challenge: z.object({
    parameters: z.record(z.string(), z.unknown()),
    signature: z.string().max(256),
  }),
  solution: z.strictObject({
    counter: z.number().int().nonnegative(),
    derivedKey: z.string().max(256),
    time: z.number().optional(),
  }),
});
export type PowPayload = z.infer<typeof PowPayload>;

export type PowCheck = { ok: true; nonce: string } | { ok: false; message: string };

/** Verifies a solved challenge: signature, expiry, the work, and that it was issued to `voterId`. */
export async function checkPow(
  payload: PowPayload,
  { secret, voterId }: { secret: string; voterId: string },
) {
  const challenge = payload.challenge as unknown as Challenge;
  const result = await verifySolution({
    challenge,
    solution: payload.solution,
    deriveKey,
    hmacSignatureSecret: powSecret(secret),
  }).catch(() => null);
  if (!result) return { ok: false, message: "That check could not be read. Please try again." } as const;
  if (result.expired) return { ok: false, message: "That check expired. Please try again." } as const;
  if (!result.verified)
    return { ok: false, message: "That check did not verify. Please try again." } as const;
  const { data, nonce } = challenge.parameters;
  if (data?.voter !== voterId) {
    return { ok: false, message: "That check was issued to another voter." } as const;
  }
  return { ok: true, nonce } as const;
}

export const TURNSTILE_VERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/**
 * Asks Turnstile's siteverify whether `token` is a valid, unused pass. Its own ids make
 * each token single use; the token's id is returned as the nonce we keep.
 */
export async function verifyTurnstile({
  token,
  secret,
  url = TURNSTILE_VERIFY_URL,
  remoteIp,
  fetchImpl = fetch,
}: {
  token: string;
  secret: string;
  url?: string;
  remoteIp?: string | null;
  fetchImpl?: typeof fetch;
}): Promise<PowCheck> {
  const body = new URLSearchParams({ secret, response: token });
  if (remoteIp) body.set("remoteip", remoteIp);
  try {
    const res = await fetchImpl(url, { method: "POST", body, signal: AbortSignal.timeout(10_000) });
    const out = (await res.json()) as { success?: boolean; "error-codes"?: string[] };
    if (res.ok && out.success === true) return { ok: true, nonce: `turnstile:${token.slice(0, 200)}` };
    return { ok: false, message: "The check did not pass. Please try again." };
  } catch {
    return { ok: false, message: "The check could not be verified just now. Please try again." };
  }
}
