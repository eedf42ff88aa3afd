// Rate limits and budgets as data: what each action may cost per voter and per address,
// overridable with ARENA_RATE_LIMITS (JSON merged over the defaults). Pure.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { mergeOverride } from "./override";

export const LIMIT_NAMES = ["deal", "vote", "stream", "export", "card", "signin"] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

const Spec = z.strictObject({
  points: z.number().int().positive(),
  durationS: z.number().int().positive(),
});

const PerSubject = z.strictObject({ voter: Spec.nullable(), ip: Spec.nullable() });
export type PerSubject = z.infer<typeof PerSubject>;
export type LimitConfig = Record<LimitName, PerSubject>;

// An honest voter reads two answers per vote (a minute or so): 40 votes in 10 minutes is
// already brisk. Addresses get more room because households and offices share one.
// A stream request is one turn of both models (two paid upstream calls), retries and
// regenerations included.
export const DEFAULT_LIMITS: LimitConfig = {
  deal: { voter: { points: 60, durationS: 600 }, ip: { points: 300, durationS: 600 } },
  vote: { voter: { points: 40, durationS: 600 }, ip: { points: 200, durationS: 600 } },
  stream: { voter: { points: 30, durationS: 600 }, ip: { points: 120, durationS: 600 } },
  export: { voter: null, ip: { points: 20, durationS: 3600 } },
  card: { voter: null, ip: { points: 120, durationS: 600 } },
  // Failed password sign-ins (lib/auth.ts): the "voter" slot is the account (a keyed hash
  // of the email), so one account cannot be guessed at from many addresses, nor many
  // accounts from one address.
  signin: { voter: { points: 10, durationS: 900 }, ip: { points: 50, durationS: 900 } },
};

const Override = z.partialRecord(z.enum(LIMIT_NAMES), PerSubject.partial());

/** Limits from a JSON override (null/empty: the defaults); throws a readable error. */
export function parseLimits(json: string | undefined | null): LimitConfig {
  return mergeOverride("ARENA_RATE_LIMITS", json, Override, DEFAULT_LIMITS);
}

const ACTION: Record<LimitName, string> = {
  deal: "starting new battles",
  vote: "voting",
  stream: "asking the models for answers",
  export: "downloading vote dumps",
  card: "counting dataset cards",
  signin: "signing in",
};

/** "in 3 minutes", "in 40 seconds", "in 2 hours". */
export function humanWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 90) return `in ${s} second${s === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  if (m < 90) return `in ${m} minutes`;
  return `in ${Math.ceil(m / 60)} hours`;
}

/** A 429 with Retry-After and a sentence the UI can show as it is. */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super("rate_limited", message);
  }

  get retryAfterS(): number {
    return Math.max(1, Math.ceil(this.retryAfterMs / 1000));
  }

  override toResponse(): Response {
    const res = super.toResponse();
    res.headers.set("Retry-After", String(this.retryAfterS));
    return res;
  }

  static forLimit(name: LimitName, retryAfterMs: number): RateLimitedError {
    return new RateLimitedError(
      `You are ${ACTION[name]} faster than this arena allows. Please try again ${humanWait(retryAfterMs)}.`,
      retryAfterMs,
    );
  }
}
