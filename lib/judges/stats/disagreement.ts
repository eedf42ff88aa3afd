import type { BattleOutcome, JudgeVerdict } from "../verdict";
import { type JudgedBattle, parsedVerdicts, scoreA } from "./types";

export interface Disagreement {
  battleId: string;
  modelA: string;
  modelB: string;
  human: BattleOutcome;
  judge: { ab: JudgeVerdict | null; ba: JudgeVerdict | null };
  /** |human's share of the win for A − judge's (mean over its parsed verdicts)|: 1 is a full reversal. */
  gap: number;
  /** Both orders gave the same verdict: the judge meant it, it was not the order. */
  consistent: boolean;
}

/** The battles where the judge and the human are furthest apart, consistent judge verdicts first. */
export function mostDisagreeing(battles: readonly JudgedBattle[], limit = 20): Disagreement[] {
  const out: Disagreement[] = [];
  for (const b of battles) {
    const v = parsedVerdicts(b);
    if (v.length === 0) continue;
    const judgeA = v.reduce((s, x) => s + scoreA(x.verdict), 0) / v.length;
    const gap = Math.abs(scoreA(b.human) - judgeA);
    const exact = v.every((x) => x.verdict === b.human);
    if (gap === 0 && exact) continue;
    out.push({
      battleId: b.battleId,
      modelA: b.modelA,
      modelB: b.modelB,
      human: b.human,
      judge: b.judge,
      gap,
      consistent: v.length === 2 && v[0].verdict === v[1].verdict,
    });
  }
  out.sort(
    (x, y) =>
      y.gap - x.gap || Number(y.consistent) - Number(x.consistent) || (x.battleId < y.battleId ? -1 : 1),
  );
  return out.slice(0, limit);
}
