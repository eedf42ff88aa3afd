import { pairDataFromCounts } from "../battles";
import { computeBtFromPairs } from "../bt-engine";
import { Xoshiro128 } from "../rng";
import type { Outcome, PairCount } from "../types";

export interface HoldoutScores {
  /** Mean held-out log-loss (nats per vote; a tie is the outcome ½) of each predictor. */
  bt: number;
  /** Always ½: log 2 ≈ 0.693. */
  coinFlip: number;
  /** Each model's share of points won in training, p = sA / (sA + sB) (Laplace-smoothed). */
  modelWinRate: number;
  /** The pair's own training record, Laplace-smoothed: no sharing of strength across pairs. */
  pairWinRate: number;
}

export interface Holdout {
  folds: number;
  seed: number;
  /** Votes scored (every vote is held out exactly once). */
  n: number;
  logLoss: HoldoutScores;
  /** Share of decisive held-out votes whose winner each predictor favoured. */
  accuracy: HoldoutScores;
}

const score = (o: Outcome) => (o === "model_a" ? 1 : o === "model_b" ? 0 : 0.5);

/**
 * k-fold held-out predictive check of the Bradley-Terry fit. Every vote is dealt to one of
 * k folds at random (seeded); each fold is predicted by a fit on the other k − 1, next to
 * three baselines, so "the model explains the votes" is a number rather than a belief.
 */
export function kFoldLogLoss(
  counts: readonly PairCount[],
  { folds = 5, seed = 0 }: { folds?: number; seed?: number } = {},
): Holdout {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be an integer ≥ 2, got ${folds}`);
  const rng = new Xoshiro128(seed, 0x15);
  const cells = counts.filter((c) => c.modelA !== c.modelB && c.count > 0);
  // foldCounts[f][c]: votes of cell c dealt to fold f.
  const foldCounts = Array.from({ length: folds }, () => new Float64Array(cells.length));
  cells.forEach((c, k) => {
    for (let u = 0; u < c.count; u++) foldCounts[Math.floor(rng.nextFloat() * folds)][k]++;
  });
  const loss = { bt: 0, coinFlip: 0, modelWinRate: 0, pairWinRate: 0 };
  const hits = { bt: 0, coinFlip: 0, modelWinRate: 0, pairWinRate: 0 };
  let n = 0;
  let decisive = 0;
  for (let f = 0; f < folds; f++) {
    const train: PairCount[] = [];
    cells.forEach((c, k) => {
      const count = c.count - foldCounts[f][k];
      if (count > 0) train.push({ modelA: c.modelA, modelB: c.modelB, outcome: c.outcome, count });
    });
    const predict = predictors(train);
    cells.forEach((c, k) => {
      const held = foldCounts[f][k];
      if (held === 0) return;
      const y = score(c.outcome);
      const p = predict(c.modelA, c.modelB);
      n += held;
      if (y !== 0.5) decisive += held;
      for (const key of Object.keys(loss) as (keyof HoldoutScores)[]) {
        const q = Math.min(1 - 1e-12, Math.max(1e-12, p[key]));
        loss[key] -= held * (y * Math.log(q) + (1 - y) * Math.log(1 - q));
        // A predictor at exactly ½ gets half a hit: it favoured neither side.
        if (y !== 0.5) hits[key] += held * (p[key] === 0.5 ? 0.5 : p[key] > 0.5 === (y === 1) ? 1 : 0);
      }
    });
  }
  const per = (o: typeof loss, d: number) =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, d > 0 ? v / d : Number.NaN]),
    ) as unknown as HoldoutScores;
  return { folds, seed, n, logLoss: per(loss, n), accuracy: per(hits, decisive) };
}

function predictors(train: readonly PairCount[]): (a: string, b: string) => HoldoutScores {
  const rating = new Map<string, { theta: number; group: number }>();
  if (train.length > 0) {
    const fit = computeBtFromPairs(pairDataFromCounts(train, false), { ci: "none" });
    const groupOf = new Map<string, number>();
    fit.meta.groups.forEach((g, k) => {
      for (const model of g) groupOf.set(model, k);
    });
    for (const r of fit.leaderboard)
      rating.set(r.model, { theta: r.rating, group: groupOf.get(r.model) ?? -1 });
  }
  const points = new Map<string, [number, number]>();
  const pair = new Map<string, [number, number]>();
  const add = (map: Map<string, [number, number]>, key: string, won: number, n: number) => {
    const v = map.get(key) ?? [0, 0];
    v[0] += won;
    v[1] += n;
    map.set(key, v);
  };
  for (const c of train) {
    const y = score(c.outcome);
    add(points, c.modelA, y * c.count, c.count);
    add(points, c.modelB, (1 - y) * c.count, c.count);
    add(pair, `${c.modelA}\u0000${c.modelB}`, y * c.count, c.count);
    add(pair, `${c.modelB}\u0000${c.modelA}`, (1 - y) * c.count, c.count);
  }
  const share = (m: string) => {
    const [won, n] = points.get(m) ?? [0, 0];
    return (won + 1) / (n + 2);
  };
  return (a, b) => {
    const ra = rating.get(a);
    const rb = rating.get(b);
    const bt = ra && rb && ra.group === rb.group ? 1 / (1 + 10 ** ((rb.theta - ra.theta) / 400)) : 0.5;
    const sa = share(a);
    const sb = share(b);
    const [won, n] = pair.get(`${a}\u0000${b}`) ?? [0, 0];
    return { bt, coinFlip: 0.5, modelWinRate: sa / (sa + sb), pairWinRate: (won + 1) / (n + 2) };
  };
}
