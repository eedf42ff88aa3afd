import type { Rng } from "@/lib/ratings/rng";
import { bootstrapEstimate, DEFAULT_ROUNDS } from "./bootstrap";
import { type Estimate, type JudgedBattle, parsedVerdicts } from "./types";

export interface PositionBias {
  /** Battles with a parsed verdict in both orders. */
  pairs: number;
  /** How often the verdict (in A/B terms) changes when the order of the answers flips. */
  flipRate: Estimate;
  /** Decisive verdicts (either order) that picked the answer shown first. */
  decisive: number;
  firstRate: Estimate;
  /** The side the judge favours: its 95% interval excludes ½; null when it does not. */
  favoured: "first" | "second" | null;
}

function flipRate(battles: readonly JudgedBattle[]): number {
  let n = 0;
  let flips = 0;
  for (const b of battles) {
    const { ab, ba } = b.judge;
    if (!ab || !ba || ab === "unparseable" || ba === "unparseable") continue;
    n++;
    if (ab !== ba) flips++;
  }
  return n === 0 ? Number.NaN : flips / n;
}

function firstRate(battles: readonly JudgedBattle[]): number {
  let n = 0;
  let first = 0;
  for (const b of battles) {
    for (const { order, verdict } of parsedVerdicts(b)) {
      if (verdict !== "a" && verdict !== "b") continue;
      n++;
      if ((order === "ab") === (verdict === "a")) first++;
    }
  }
  return n === 0 ? Number.NaN : first / n;
}

export function positionBias(
  battles: readonly JudgedBattle[],
  rng: Rng,
  rounds = DEFAULT_ROUNDS,
): PositionBias {
  const pairsN = battles.filter((b) => parsedVerdicts(b).length === 2).length;
  const decisive = battles.reduce(
    (s, b) => s + parsedVerdicts(b).filter((v) => v.verdict === "a" || v.verdict === "b").length,
    0,
  );
  const first = bootstrapEstimate(battles, firstRate, rng, rounds);
  return {
    pairs: pairsN,
    flipRate: bootstrapEstimate(battles, flipRate, rng, rounds),
    decisive,
    firstRate: first,
    favoured: first.ciLow > 0.5 ? "first" : first.ciHigh < 0.5 ? "second" : null,
  };
}
