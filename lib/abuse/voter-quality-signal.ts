import type { VoterQuality } from "@/lib/ratings/diagnostics/voter-quality";
import type { Signal } from "./types";

/**
 * The voter-quality report's measures as one abuse signal, `low_quality`: how many of three
 * independent signs of careless or adversarial voting a voter shows over their counted votes.
 *  - against the fit: agreement with the fitted ratings ≥ 3 standard errors below what the
 *    fit's own odds give (`agreementZ ≤ −3`, on ≥ 20 decisive votes);
 *  - not reading: half or more of the timed votes faster than skimming both answers, and
 *    time-to-vote not growing with answer length (correlation < 0.2, or none measurable);
 *  - streak: 15 or more decisive votes in a row for the same side.
 * Each alone is what the dedicated detectors (likelihood_ratio, fast_votes, side_streak)
 * already act on vote by vote; this one reads a voter's whole history after the fact, so
 * its policy only suggests (auto null), and only at two signs or more.
 */
export const LOW_QUALITY_RULES = {
  minDecisive: 20,
  agreementZ: -3,
  tooFastShare: 0.5,
  maxTimeLengthCorrelation: 0.2,
  streak: 15,
} as const;

export function lowQualitySignal(v: VoterQuality, rules = LOW_QUALITY_RULES): Signal {
  const signs: string[] = [];
  if (v.decisive >= rules.minDecisive && v.agreementZ !== null && v.agreementZ <= rules.agreementZ)
    signs.push("votes against the fitted ratings");
  if (
    v.tooFastShare !== null &&
    v.tooFastShare >= rules.tooFastShare &&
    (v.timeLengthCorrelation === null || v.timeLengthCorrelation < rules.maxTimeLengthCorrelation)
  )
    signs.push("votes faster than reading, whatever the length");
  if (v.longestSideStreak >= rules.streak) signs.push(`${v.longestSideStreak} same-side votes in a row`);
  return {
    detector: "low_quality",
    score: signs.length,
    n: v.votes,
    detail: {
      signs,
      agreementZ: v.agreementZ,
      tooFastShare: v.tooFastShare,
      timeLengthCorrelation: v.timeLengthCorrelation,
      longestSideStreak: v.longestSideStreak,
    },
  };
}
