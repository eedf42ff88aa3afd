import { CELL_TIE, CELL_WIN_I, CELL_WIN_J, type PairData } from "./pairs";
import type { LeaderboardMeta, LeaderboardOptions, LeaderboardResult, LeaderboardRow } from "./types";

/** Elo points per natural-log unit: 400 points = 10:1 odds. */
export const ELO_PER_NAT = 400 / Math.LN10;
export const INIT_RATING = 1000;
export const Z_95 = 1.959964;

/** numpy's default ("linear") quantile of an ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/** Elo ratings with each group centred at 1000, then the anchor's group shifted onto the anchor. */
export function toElo(
  theta: ArrayLike<number>,
  groupOf: Int32Array,
  anchor: { index: number; rating: number } | null,
) {
  const out = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) out[i] = theta[i] * ELO_PER_NAT + INIT_RATING;
  if (anchor) {
    const shift = anchor.rating - out[anchor.index];
    const g = groupOf[anchor.index];
    for (let i = 0; i < out.length; i++) if (groupOf[i] === g) out[i] += shift;
  }
  return out;
}

/**
 * 2.5 / 97.5 percentiles per model of bootstrap rounds (round-major natural-unit thetas, `stride`
 * values a round of which the first m are ratings).
 */
export function bootstrapBounds(
  thetas: Float64Array,
  rounds: number,
  m: number,
  groupOf: Int32Array,
  anchor: { index: number; rating: number } | null,
  stride = m,
): { lower: Float64Array; upper: Float64Array } {
  const cols = new Float64Array(rounds * m);
  for (let r = 0; r < rounds; r++) {
    const elo = toElo(thetas.subarray(r * stride, r * stride + m), groupOf, anchor);
    for (let i = 0; i < m; i++) cols[i * rounds + r] = elo[i];
  }
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const col = cols.subarray(i * rounds, (i + 1) * rounds).sort();
    lower[i] = quantileSorted(col, 0.025);
    upper[i] = quantileSorted(col, 0.975);
  }
  return { lower, upper };
}

export interface SummaryInput {
  pd: PairData;
  theta: Float64Array;
  ratings: Float64Array;
  lower: Float64Array | null;
  upper: Float64Array | null;
  groupOf: Int32Array;
  minVotes: number;
  meta: Omit<
    LeaderboardMeta,
    | "groups"
    | "hiddenModels"
    | "minVotes"
    | "nModels"
    | "nBattles"
    | "nCells"
    | "nSelfBattlesDropped"
    | "nBothBad"
    | "modelsWithoutBattles"
  >;
}

/** The fit and interval settings both engines report in their `meta`, in its key order. */
export function fitMeta(
  opts: Pick<LeaderboardOptions, "ci" | "seed" | "bootstrapMethod">,
  rounds: number,
  fit: { iterations: number; converged: boolean; loss: number; gradInf: number },
): Pick<
  LeaderboardMeta,
  "ci" | "rounds" | "seed" | "bootstrapMethod" | "iterations" | "converged" | "loss" | "gradInf"
> {
  return {
    ci: opts.ci,
    rounds: opts.ci === "bootstrap" ? rounds : null,
    seed: opts.seed ?? 0,
    bootstrapMethod: opts.ci === "bootstrap" ? (opts.bootstrapMethod ?? "multinomial") : null,
    iterations: fit.iterations,
    converged: fit.converged,
    loss: fit.loss,
    gradInf: fit.gradInf,
  };
}

/** Leaderboard rows (rating order), rank (UB) and the matrices, restricted to models with ≥ minVotes battles. */
export function summarize(input: SummaryInput): LeaderboardResult {
  const { pd, theta, ratings, lower, upper, groupOf } = input;
  const m = pd.models.length;
  const battles = new Float64Array(m);
  let nBattles = 0;
  let nCells = 0;
  for (let p = 0; p < pd.nPairs; p++) {
    const k = p * 3;
    const n = pd.count[k] + pd.count[k + 1] + pd.count[k + 2];
    battles[pd.pi[p]] += n;
    battles[pd.pj[p]] += n;
    nBattles += n;
    for (let c = 0; c < 3; c++) if (pd.count[k + c] > 0) nCells++;
  }
  const order: number[] = [];
  const hidden: string[] = [];
  for (let i = 0; i < m; i++) {
    if (battles[i] >= input.minVotes) order.push(i);
    else hidden.push(pd.models[i]);
  }
  order.sort((a, b) => ratings[b] - ratings[a] || a - b);
  const lo = (i: number) => (lower ? lower[i] : ratings[i]);
  const hi = (i: number) => (upper ? upper[i] : ratings[i]);
  const leaderboard: LeaderboardRow[] = order.map((i) => {
    let above = 0;
    for (const j of order) if (lo(j) > hi(i)) above++;
    return {
      model: pd.models[i],
      rating: ratings[i],
      ciLower: lower ? lower[i] : null,
      ciUpper: upper ? upper[i] : null,
      rankUb: 1 + above,
      numBattles: battles[i],
    };
  });

  const pos = new Int32Array(m).fill(-1);
  order.forEach((i, k) => {
    pos[i] = k;
  });
  const d = order.length;
  const grid = <T>(v: T) => Array.from({ length: d }, () => new Array<T>(d).fill(v));
  const battleCount = grid<number>(0);
  const battleCountNoTies = grid<number>(0);
  const wins = grid<number>(0);
  for (let p = 0; p < pd.nPairs; p++) {
    const a = pos[pd.pi[p]];
    const b = pos[pd.pj[p]];
    if (a < 0 || b < 0) continue;
    const k = p * 3;
    const wi = pd.count[k + CELL_WIN_I];
    const wj = pd.count[k + CELL_WIN_J];
    battleCount[a][b] = battleCount[b][a] = wi + wj + pd.count[k + CELL_TIE];
    battleCountNoTies[a][b] = battleCountNoTies[b][a] = wi + wj;
    wins[a][b] = wi;
    wins[b][a] = wj;
  }
  const winRateNoTies = grid<number | null>(null);
  const predictedWinRate = grid<number | null>(null);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      if (a === b) continue;
      if (battleCountNoTies[a][b] > 0) winRateNoTies[a][b] = wins[a][b] / battleCountNoTies[a][b];
      const i = order[a];
      const j = order[b];
      if (groupOf[i] === groupOf[j]) predictedWinRate[a][b] = 1 / (1 + Math.exp(theta[j] - theta[i]));
    }
  }

  const nGroups = groupOf.reduce((x, g) => Math.max(x, g + 1), 0);
  const groups: string[][] = Array.from({ length: nGroups }, () => []);
  for (const i of order) groups[groupOf[i]].push(pd.models[i]);
  for (let i = 0; i < m; i++) if (pos[i] < 0) groups[groupOf[i]].push(pd.models[i]);
  return {
    leaderboard,
    models: order.map((i) => pd.models[i]),
    winRateNoTies,
    predictedWinRate,
    battleCount,
    battleCountNoTies,
    meta: {
      ...input.meta,
      groups,
      nBattles,
      nSelfBattlesDropped: pd.nSelfBattlesDropped,
      nBothBad: pd.bothBad,
      modelsWithoutBattles: pd.modelsWithoutBattles,
      nModels: m,
      nCells,
      minVotes: input.minVotes,
      hiddenModels: hidden,
    },
  };
}
