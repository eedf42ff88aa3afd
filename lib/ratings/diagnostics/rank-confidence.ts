import { pairDataFromCounts } from "../battles";
import { runBtRounds } from "../bt-bootstrap";
import { prepareBt } from "../bt-engine";
import type { PairCount } from "../types";

export interface RankConfidenceRow {
  model: string;
  /** Rank of the full-data fit within the model's connected group (1 = best). */
  rank: number;
  /** Share of bootstrap rounds in which the model ranked first / in the top 3 of its group. */
  pFirst: number;
  pTop3: number;
  /** Median and 95% interval (2.5th / 97.5th percentile) of the bootstrap rank. */
  rankMedian: number;
  rankLower: number;
  rankUpper: number;
  /** rankCounts[k] = rounds in which the model ranked k + 1. */
  rankCounts: number[];
}

export interface RankConfidence {
  rounds: number;
  seed: number;
  rows: RankConfidenceRow[];
  /** Row/column order of the matrices: the rows' order (best full-data fit first). */
  models: string[];
  /** P(row's rating > column's) over the rounds; null across groups that never met and on the diagonal. */
  pBetter: (number | null)[][];
  /** Row significantly better than column: better in at least 97.5% of rounds (a two-sided 95% test). */
  significant: boolean[][];
}

/**
 * How sure the ranking is: refit on bootstrap resamples of the aggregated votes (the same
 * resampler and seeds as the leaderboard's CIs) and look at the ranks instead of the
 * ratings. Ranks are counted within each connected group; `minVotes` leaves models with
 * fewer battles out of the ranking (they are still fitted, as on the board).
 */
export function rankConfidence(
  counts: readonly PairCount[],
  { rounds = 500, seed = 0, minVotes = 0 }: { rounds?: number; seed?: number; minVotes?: number } = {},
): RankConfidence {
  const pd = pairDataFromCounts(counts, false);
  const m = pd.models.length;
  if (m === 0) return { rounds, seed, rows: [], models: [], pBetter: [], significant: [] };
  const prep = prepareBt(pd, { ci: "bootstrap", rounds, seed });
  const groupOf = prep.problem.groupOf;
  const battles = new Float64Array(m);
  for (let p = 0; p < pd.nPairs; p++) {
    const n = pd.count[p * 3] + pd.count[p * 3 + 1] + pd.count[p * 3 + 2];
    battles[pd.pi[p]] += n;
    battles[pd.pj[p]] += n;
  }
  const shown = [...Array(m).keys()].filter((i) => battles[i] >= minVotes);
  const full = prep.fit.theta;
  shown.sort((x, y) => full[y] - full[x] || pd.models[x].localeCompare(pd.models[y]));
  const s = shown.length;
  const thetas = runBtRounds(prep.setup!, 0, rounds).thetas;
  const rankCounts = shown.map(() => new Array<number>(s).fill(0));
  const wins = Array.from({ length: s }, () => new Float64Array(s));
  for (let r = 0; r < rounds; r++) {
    const t = thetas.subarray(r * m, (r + 1) * m);
    for (let a = 0; a < s; a++) {
      let above = 0;
      for (let b = 0; b < s; b++) {
        if (a === b || groupOf[shown[a]] !== groupOf[shown[b]]) continue;
        if (t[shown[b]] > t[shown[a]]) {
          above++;
          wins[b][a]++;
        }
      }
      rankCounts[a][above]++;
    }
  }
  const rows = shown.map((i, a): RankConfidenceRow => {
    let rank = 1;
    for (const j of shown) if (j !== i && groupOf[j] === groupOf[i] && full[j] > full[i]) rank++;
    const c = rankCounts[a];
    const quantileRank = (q: number) => {
      const target = q * rounds;
      let acc = 0;
      for (let k = 0; k < s; k++) {
        acc += c[k];
        if (acc >= target) return k + 1;
      }
      return s;
    };
    return {
      model: pd.models[i],
      rank,
      pFirst: c[0] / rounds,
      pTop3: (c[0] + (c[1] ?? 0) + (c[2] ?? 0)) / rounds,
      rankMedian: quantileRank(0.5),
      rankLower: quantileRank(0.025),
      rankUpper: quantileRank(0.975),
      rankCounts: c.slice(0, Math.max(1, ...c.map((v, k) => (v > 0 ? k + 1 : 0)))),
    };
  });
  const pBetter = shown.map((i, a) =>
    shown.map((j, b) => (a === b || groupOf[i] !== groupOf[j] ? null : wins[a][b] / rounds)),
  );
  const significant = pBetter.map((row) => row.map((p) => p !== null && p >= 0.975));
  return { rounds, seed, rows, models: shown.map((i) => pd.models[i]), pBetter, significant };
}
