import { Xoshiro128 } from "@/lib/ratings/rng";
import { type Agreement, agreement } from "./agreement";
import { type Disagreement, mostDisagreeing } from "./disagreement";
import { type PositionBias, positionBias } from "./position-bias";
import { compareLeaderboards, type RankComparison } from "./rank-compare";
import { type SelfPreference, selfPreference } from "./self-preference";
import type { JudgedBattle } from "./types";

export type { JudgedBattle } from "./types";

export interface JudgeRunResults {
  battles: number;
  /** Judge verdicts stored, and how many of them were unparseable. */
  verdicts: number;
  unparseable: number;
  agreement: Agreement;
  positionBias: PositionBias;
  selfPreference: SelfPreference;
  leaderboards: RankComparison;
  disagreements: Disagreement[];
}

/** Everything the run page shows, from the run's battles; deterministic for a seed. */
export function judgeRunResults(
  battles: readonly JudgedBattle[],
  judgeFamily: string | null,
  { seed = 0, rounds = 500 }: { seed?: number; rounds?: number } = {},
): JudgeRunResults {
  let verdicts = 0;
  let unparseable = 0;
  for (const b of battles) {
    for (const v of [b.judge.ab, b.judge.ba]) {
      if (v === null) continue;
      verdicts++;
      if (v === "unparseable") unparseable++;
    }
  }
  // One stream per statistic, so adding one does not move the others' intervals.
  const rng = (stream: number) => new Xoshiro128(seed, stream);
  return {
    battles: battles.length,
    verdicts,
    unparseable,
    agreement: agreement(battles, rng(1), rounds),
    positionBias: positionBias(battles, rng(2), rounds),
    selfPreference: selfPreference(battles, judgeFamily, rng(3), rounds),
    leaderboards: compareLeaderboards(battles, rng(4), Math.min(rounds, 200)),
    disagreements: mostDisagreeing(battles),
  };
}
