import type { Rng } from "@/lib/ratings/rng";
import type { BattleOutcome } from "../verdict";
import { bootstrapEstimate, DEFAULT_ROUNDS } from "./bootstrap";
import { type Estimate, type JudgedBattle, parsedVerdicts } from "./types";

export const OUTCOMES: readonly BattleOutcome[] = ["a", "b", "tie", "both_bad"];

/** Every parsed judge verdict with the human vote of its battle (each order counts once). */
function pairs(battles: readonly JudgedBattle[]): [BattleOutcome, BattleOutcome][] {
  return battles.flatMap((b) =>
    parsedVerdicts(b).map((v) => [b.human, v.verdict] as [BattleOutcome, BattleOutcome]),
  );
}

function rate(battles: readonly JudgedBattle[], decisiveOnly: boolean): number {
  let n = 0;
  let same = 0;
  for (const [h, j] of pairs(battles)) {
    if (decisiveOnly && (h === "tie" || h === "both_bad" || j === "tie" || j === "both_bad")) continue;
    n++;
    if (h === j) same++;
  }
  return n === 0 ? Number.NaN : same / n;
}

/**
 * Cohen's κ between the human vote and the judge's verdict over the four outcomes:
 * (p_o − p_e) / (1 − p_e). When chance agreement is already total (one outcome only,
 * on both sides) κ is 1 if they agree and undefined (NaN) otherwise.
 */
export function cohensKappa(battles: readonly JudgedBattle[]): number {
  const ps = pairs(battles);
  if (ps.length === 0) return Number.NaN;
  const human = new Map<BattleOutcome, number>();
  const judge = new Map<BattleOutcome, number>();
  let same = 0;
  for (const [h, j] of ps) {
    human.set(h, (human.get(h) ?? 0) + 1);
    judge.set(j, (judge.get(j) ?? 0) + 1);
    if (h === j) same++;
  }
  const n = ps.length;
  const po = same / n;
  const pe = OUTCOMES.reduce((s, o) => s + ((human.get(o) ?? 0) / n) * ((judge.get(o) ?? 0) / n), 0);
  if (1 - pe < 1e-12) return po === 1 ? 1 : Number.NaN;
  return (po - pe) / (1 - pe);
}

export interface Agreement {
  /** Parsed judge verdicts compared (each order of a battle is one). */
  n: number;
  /** Share of verdicts equal to the human vote (a / b / tie / both bad). */
  rate: Estimate;
  /** The same where both the human and the judge picked a winner. */
  decisive: Estimate & { n: number };
  kappa: Estimate;
  /** counts[human][judge]. */
  confusion: Record<BattleOutcome, Record<BattleOutcome, number>>;
}

export function agreement(battles: readonly JudgedBattle[], rng: Rng, rounds = DEFAULT_ROUNDS): Agreement {
  const confusion = Object.fromEntries(
    OUTCOMES.map((h) => [h, Object.fromEntries(OUTCOMES.map((j) => [j, 0]))]),
  ) as Agreement["confusion"];
  const ps = pairs(battles);
  for (const [h, j] of ps) confusion[h][j]++;
  const decisiveN = ps.filter(([h, j]) => (h === "a" || h === "b") && (j === "a" || j === "b")).length;
  return {
    n: ps.length,
    rate: bootstrapEstimate(battles, (s) => rate(s, false), rng, rounds),
    decisive: { n: decisiveN, ...bootstrapEstimate(battles, (s) => rate(s, true), rng, rounds) },
    kappa: bootstrapEstimate(battles, cohensKappa, rng, rounds),
    confusion,
  };
}
