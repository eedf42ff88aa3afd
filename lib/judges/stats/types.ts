import type { BattleOutcome, JudgeVerdict } from "../verdict";

/** One sampled battle: the human vote and the judge's verdict in each order (null: not asked yet). */
export interface JudgedBattle {
  battleId: string;
  modelA: string;
  modelB: string;
  /** Model family (organisation) of each side; null when the model has none. */
  familyA: string | null;
  familyB: string | null;
  human: BattleOutcome;
  judge: { ab: JudgeVerdict | null; ba: JudgeVerdict | null };
}

/** A proportion or difference with a 95% interval. */
export interface Estimate {
  value: number;
  ciLow: number;
  ciHigh: number;
}

/** The judge's parsed verdicts of a battle (either order), without unparseable ones. */
export function parsedVerdicts(b: JudgedBattle): { order: "ab" | "ba"; verdict: BattleOutcome }[] {
  const out: { order: "ab" | "ba"; verdict: BattleOutcome }[] = [];
  for (const order of ["ab", "ba"] as const) {
    const v = b.judge[order];
    if (v && v !== "unparseable") out.push({ order, verdict: v });
  }
  return out;
}

/** Share of the win for side A: 1, 0, or ½ for a tie or both bad. */
export function scoreA(o: BattleOutcome): number {
  return o === "a" ? 1 : o === "b" ? 0 : 0.5;
}
