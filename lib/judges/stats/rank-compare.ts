import { computeLeaderboard, type Outcome, type PairCount } from "@/lib/ratings";
import type { Rng } from "@/lib/ratings/rng";
import type { BattleOutcome } from "../verdict";
import { DEFAULT_ROUNDS } from "./bootstrap";
import { type Estimate, type JudgedBattle, parsedVerdicts } from "./types";

const TO_RATINGS: Record<BattleOutcome, Outcome> = {
  a: "model_a",
  b: "model_b",
  tie: "tie",
  both_bad: "tie (bothbad)",
};

/** Kendall's τ-b between two score vectors (ties in either count as neither concordant nor discordant). */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i] - x[j]);
      const dy = Math.sign(y[i] - y[j]);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const denom = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
  return denom === 0 ? Number.NaN : (concordant - discordant) / denom;
}

/**
 * Rank-biased overlap (Webber, Moffat & Zobel 2010), extrapolated form RBO_ext for two
 * rankings of the same depth: top places weigh most (p = 0.9: the top 10 carry ~86%).
 */
export function rankBiasedOverlap(s: readonly string[], t: readonly string[], p = 0.9): number {
  const k = Math.min(s.length, t.length);
  if (k === 0) return Number.NaN;
  const seenS = new Set<string>();
  const seenT = new Set<string>();
  let overlap = 0;
  let sum = 0;
  for (let d = 1; d <= k; d++) {
    const a = s[d - 1];
    const b = t[d - 1];
    if (a === b) overlap++;
    else {
      if (seenT.has(a)) overlap++;
      if (seenS.has(b)) overlap++;
    }
    seenS.add(a);
    seenT.add(b);
    sum += (overlap / d) * p ** d;
  }
  return (overlap / k) * p ** k + ((1 - p) / p) * sum;
}

function counts(rows: { modelA: string; modelB: string; outcome: BattleOutcome }[]): PairCount[] {
  const m = new Map<string, PairCount>();
  for (const r of rows) {
    const key = `${r.modelA}\u0000${r.modelB}\u0000${r.outcome}`;
    const c = m.get(key);
    if (c) c.count++;
    else m.set(key, { modelA: r.modelA, modelB: r.modelB, outcome: TO_RATINGS[r.outcome], count: 1 });
  }
  return [...m.values()];
}

/** Bradley-Terry ratings (Elo scale, no CI) from the humans' votes and from the judge's verdicts. */
function fitBoth(battles: readonly JudgedBattle[]): {
  human: Map<string, number>;
  judge: Map<string, number>;
} {
  const fitRows = (rows: { modelA: string; modelB: string; outcome: BattleOutcome }[]) =>
    new Map(
      rows.length === 0
        ? []
        : computeLeaderboard(counts(rows), { ci: "none" }).leaderboard.map((r) => [r.model, r.rating]),
    );
  return {
    human: fitRows(battles.map((b) => ({ modelA: b.modelA, modelB: b.modelB, outcome: b.human }))),
    judge: fitRows(
      battles.flatMap((b) =>
        parsedVerdicts(b).map((v) => ({ modelA: b.modelA, modelB: b.modelB, outcome: v.verdict })),
      ),
    ),
  };
}

const ranking = (ratings: Map<string, number>, models: string[]) =>
  [...models].sort((x, y) => ratings.get(y)! - ratings.get(x)! || (x < y ? -1 : 1));

const flat = (ratings: Map<string, number>, models: string[]) => {
  const r = models.map((m) => ratings.get(m)!);
  return r.length < 2 || Math.max(...r) - Math.min(...r) < 1e-6;
};

function compare(battles: readonly JudgedBattle[]) {
  const { human, judge } = fitBoth(battles);
  const models = [...human.keys()].filter((m) => judge.has(m)).sort();
  return {
    human,
    judge,
    models,
    tau: kendallTauB(
      models.map((m) => human.get(m)!),
      models.map((m) => judge.get(m)!),
    ),
    // A board whose models are all tied has no order to compare: its "ranking" would be
    // the tie-break (names), which can match the other board by accident.
    rbo:
      flat(human, models) || flat(judge, models)
        ? Number.NaN
        : rankBiasedOverlap(ranking(human, models), ranking(judge, models)),
  };
}

export interface RankComparison {
  rows: { model: string; humanRating: number; humanRank: number; judgeRating: number; judgeRank: number }[];
  tau: Estimate;
  rbo: Estimate;
}

function interval(values: number[], value: number): Estimate {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  const at = (q: number) =>
    v.length === 0 ? Number.NaN : v[Math.min(v.length - 1, Math.floor(q * v.length))];
  return { value, ciLow: at(0.025), ciHigh: at(0.975) };
}

/**
 * The judge's leaderboard next to the humans' on the same battles: Kendall τ-b of the
 * ratings and RBO of the rankings, each with a percentile bootstrap interval (battles
 * resampled, both boards refitted each round).
 */
export function compareLeaderboards(
  battles: readonly JudgedBattle[],
  rng: Rng,
  rounds = Math.min(DEFAULT_ROUNDS, 200),
): RankComparison {
  const full = compare(battles);
  const humanOrder = ranking(full.human, full.models);
  const judgeOrder = ranking(full.judge, full.models);
  const taus: number[] = [];
  const rbos: number[] = [];
  const sample: JudgedBattle[] = new Array(battles.length);
  for (let r = 0; r < rounds && battles.length > 0; r++) {
    for (let i = 0; i < battles.length; i++)
      sample[i] = battles[Math.floor(rng.nextFloat() * battles.length)];
    const c = compare(sample);
    taus.push(c.tau);
    rbos.push(c.rbo);
  }
  return {
    rows: humanOrder.map((model) => ({
      model,
      humanRating: full.human.get(model)!,
      humanRank: humanOrder.indexOf(model) + 1,
      judgeRating: full.judge.get(model)!,
      judgeRank: judgeOrder.indexOf(model) + 1,
    })),
    tau: interval(taus, full.tau),
    rbo: interval(rbos, full.rbo),
  };
}
