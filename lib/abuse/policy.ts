// Detectors flag, policy decides: above `auto` a voter is quarantined automatically,
// between `suggest` and `auto` a maintainer gets a suggestion. Thresholds come from
// config (ARENA_ABUSE_POLICY, a JSON object merged over these defaults).
import { z } from "zod";
import { mergeOverride } from "./override";
import type { DetectorName, Signal } from "./types";

export const Threshold = z.strictObject({
  suggest: z.number().nonnegative(),
  /** null: this detector never quarantines on its own. */
  auto: z.number().nonnegative().nullable(),
  /** Scores resting on fewer votes are ignored. */
  minVotes: z.number().int().nonnegative(),
});
export type Threshold = z.infer<typeof Threshold>;

export type Policy = Record<DetectorName, Threshold>;

// Chosen so an honest voter almost never reaches `auto` (see policy.test.ts): a run of 20
// same-side votes has probability ≈ n·2⁻²⁰ for a fair voter; z ≥ 5 is a one-in-millions
// event for one model. Identity churn (fresh cookies per address per hour) never
// quarantines by itself: a shared NAT churns honestly. Above `suggest` it makes every new
// cookie from that address pass a challenge before voting (lib/abuse/challenge-rules.ts),
// and the cohort test (cohort.ts) decides which of the address's voters, if any, rig.
export const DEFAULT_POLICY: Policy = {
  fast_votes: { suggest: 0.3, auto: 0.7, minVotes: 10 },
  side_streak: { suggest: 12, auto: 20, minVotes: 12 },
  longer_streak: { suggest: 15, auto: 25, minVotes: 15 },
  burst: { suggest: 10, auto: 25, minVotes: 10 },
  identity_churn: { suggest: 5, auto: null, minVotes: 0 },
  target_fixation: { suggest: 3, auto: 5, minVotes: 8 },
  likelihood_ratio: { suggest: 3, auto: 5, minVotes: 20 },
  cohort_fixation: { suggest: 3, auto: 5, minVotes: 15 },
  // minVotes counts dealt battles here.
  selective_voting: { suggest: 3, auto: 5, minVotes: 20 },
  // The voter-quality report's signs counted (voter-quality-signal.ts): two of three over
  // at least 20 counted votes suggests; never automatic (it reads history after the fact).
  low_quality: { suggest: 2, auto: null, minVotes: 20 },
};

/** The reason stored with an automatic quarantine (and counted per value in snapshots). */
export const REASON: Record<DetectorName, string> = {
  fast_votes: "votes faster than the answers can be read",
  side_streak: "always the same side",
  longer_streak: "always the longer answer",
  burst: "burst of votes",
  identity_churn: "many new identities from one address",
  target_fixation: "votes favour one model far beyond its rating",
  likelihood_ratio: "votes unlikely under the fitted ratings",
  cohort_fixation: "with other identities at one address, votes push one model far beyond its rating",
  selective_voting: "votes almost only on battles that show one model",
  low_quality: "low voter quality (against the ratings, not reading, or same-side streaks)",
};

const PolicyOverride = z.partialRecord(
  z.enum(Object.keys(DEFAULT_POLICY) as [DetectorName, ...DetectorName[]]),
  Threshold.partial(),
);

/** The policy from a JSON override (null/empty: the defaults); throws a readable error. */
export function parsePolicy(json: string | undefined | null): Policy {
  return mergeOverride("ARENA_ABUSE_POLICY", json, PolicyOverride, DEFAULT_POLICY);
}

export interface Finding {
  level: "auto" | "suggest";
  signal: Signal;
  threshold: number;
}

export interface Verdict {
  /** The reason to quarantine with, or null (no detector above its `auto`). */
  quarantine: string | null;
  findings: Finding[];
}

/** Applies the thresholds; the strongest automatic finding (by score/threshold) names the reason. */
export function decide(signals: readonly Signal[], policy: Policy = DEFAULT_POLICY): Verdict {
  const findings: Finding[] = [];
  for (const s of signals) {
    const t = policy[s.detector];
    if (s.n < t.minVotes) continue;
    if (t.auto !== null && s.score >= t.auto) findings.push({ level: "auto", signal: s, threshold: t.auto });
    else if (s.score >= t.suggest) findings.push({ level: "suggest", signal: s, threshold: t.suggest });
  }
  const autos = findings
    .filter((f) => f.level === "auto")
    .sort((a, b) => b.signal.score / (b.threshold || 1) - a.signal.score / (a.threshold || 1));
  return { quarantine: autos.length > 0 ? REASON[autos[0].signal.detector] : null, findings };
}
