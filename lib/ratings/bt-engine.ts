import { type BtBootstrapSetup, type RoundsResult, runBtRounds } from "./bt-bootstrap";
import { type BtProblem, btHessian, type FitResult, fitBt } from "./bt-fit";
import { cholesky, choleskyInverse, sandwich } from "./linalg";
import { CELL_TIE, CELL_WIN_I, CELL_WIN_J, components, type PairData } from "./pairs";
import { PairGraph } from "./separation";
import { bootstrapBounds, ELO_PER_NAT, fitMeta, summarize, toElo, Z_95 } from "./summary";
import type { LeaderboardOptions, LeaderboardResult } from "./types";

export interface PreparedBt {
  pd: PairData;
  opts: LeaderboardOptions;
  problem: BtProblem;
  fit: FitResult;
  lambda: number;
  separated: boolean;
  anchor: { index: number; rating: number } | null;
  /** Normalised IPW weights and squared weights per cell (null = plain counts). */
  weight: Float64Array | null;
  weightSq: Float64Array | null;
  setup: BtBootstrapSetup | null;
  rounds: number;
  started: number;
  timingMs: Record<string, number>;
}

/** ridge in log10 units (penalty ½·x·Σr², r = θ/ln 10) → λ on natural-unit θ. */
export const ridgeToLambda = (x: number) => x / (Math.LN10 * Math.LN10);

export function resolveAnchor(models: string[], anchor: LeaderboardOptions["anchor"]) {
  if (!anchor) return null;
  const index = models.indexOf(anchor.model);
  if (index < 0) throw new Error(`anchor model "${anchor.model}" has no battles in this data`);
  if (!Number.isFinite(anchor.rating)) throw new Error("anchor rating must be a finite number");
  return { index, rating: anchor.rating };
}

export function checkRidge(x: number, name: string): number {
  if (!(x >= 0 && Number.isFinite(x))) throw new Error(`${name} must be a finite number ≥ 0, got ${x}`);
  return x;
}

export function bootstrapRounds(opts: LeaderboardOptions): number {
  if (opts.ci !== "bootstrap") return 0;
  const rounds = opts.rounds ?? 1000;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`rounds must be a positive integer, got ${rounds}`);
  return rounds;
}

export function ipwWeights(pd: PairData, ipw: boolean | undefined) {
  if (!ipw) return { weight: null, weightSq: null };
  if (!pd.weight || !pd.weightSq) throw new Error("ipw needs sampling probabilities (PairCount.weight)");
  let total = 0;
  let n = 0;
  for (let k = 0; k < pd.count.length; k++) {
    total += pd.weight[k];
    n += pd.count[k];
  }
  if (!(total > 0)) throw new Error("ipw weights sum to zero");
  const f = n / total;
  return { weight: pd.weight.map((w) => w * f), weightSq: pd.weightSq.map((w) => w * f * f) };
}

export function prepareBt(pd: PairData, opts: LeaderboardOptions): PreparedBt {
  const started = performance.now();
  const m = pd.models.length;
  const anchor = resolveAnchor(pd.models, opts.anchor);
  const { weight, weightSq } = ipwWeights(pd, opts.ipw);
  const cells = weight ?? pd.count;
  const n = new Float64Array(pd.nPairs);
  const s = new Float64Array(pd.nPairs);
  const scoreI = new Float64Array(pd.nPairs);
  const scoreJ = new Float64Array(pd.nPairs);
  for (let p = 0; p < pd.nPairs; p++) {
    const k = p * 3;
    n[p] = cells[k] + cells[k + 1] + cells[k + 2];
    s[p] = cells[k] + 0.5 * cells[k + 2];
    scoreI[p] = pd.count[k] + pd.count[k + 2];
    scoreJ[p] = pd.count[k + 1] + pd.count[k + 2];
  }
  const { groupOf, sizes } = components(m, pd.pi, pd.pj);
  const problem: BtProblem = { m, pi: pd.pi, pj: pd.pj, n, s, groupOf, groupSizes: sizes };
  const separated = !new PairGraph(m, pd.pi, pd.pj, groupOf, sizes.length).finiteMle(scoreI, scoreJ);
  const sepLambda = ridgeToLambda(checkRidge(opts.separationRidge ?? 0.05, "separationRidge"));
  const lambda = ridgeToLambda(checkRidge(opts.ridge ?? 0, "ridge")) + (separated ? sepLambda : 0);
  const fit = fitBt(problem, { lambda });
  const timingMs: Record<string, number> = { fit: performance.now() - started };
  const rounds = bootstrapRounds(opts);
  let setup: BtBootstrapSetup | null = null;
  if (rounds > 0) {
    const hess = new Float64Array(m * m);
    btHessian(problem, fit.theta, lambda, hess);
    if (!cholesky(hess, m)) throw new Error("Hessian of the full fit is not positive definite");
    setup = {
      kind: "bt",
      m,
      pi: pd.pi,
      pj: pd.pj,
      groupOf,
      groupSizes: sizes,
      count: pd.count,
      cellWeight: weight ? weight.map((w, k) => (pd.count[k] > 0 ? w / pd.count[k] : 0)) : null,
      theta0: fit.theta,
      hessInverse: choleskyInverse(hess, m),
      lambda,
      sepLambda,
      fullSeparated: separated,
      method: opts.bootstrapMethod ?? "multinomial",
      seed: opts.seed ?? 0,
    };
  }
  return {
    pd,
    opts,
    problem,
    fit,
    lambda,
    separated,
    anchor,
    weight,
    weightSq,
    setup,
    rounds,
    started,
    timingMs,
  };
}

/**
 * Sandwich H⁻¹GH⁻¹ with H = Σ c·p(1−p)·eeᵀ + (1e-5·N + λ)·I and G = Σ c·(y−p)²·eeᵀ; under IPW, H uses
 * the weights and G the squared weights. With an anchor the variance is that of θᵢ − θ_anchor.
 */
export function btSandwichVariance(prep: PreparedBt): Float64Array {
  const { problem, fit, pd } = prep;
  const { m, pi, pj, n } = problem;
  const theta = fit.theta;
  let total = 0;
  for (let k = 0; k < pd.count.length; k++) total += pd.count[k];
  const h = new Float64Array(m * m);
  const g = new Float64Array(m * m);
  const sq = prep.weightSq ?? pd.count;
  const add = (mat: Float64Array, i: number, j: number, v: number) => {
    mat[i * m + i] += v;
    mat[j * m + j] += v;
    mat[i * m + j] -= v;
    mat[j * m + i] -= v;
  };
  for (let p = 0; p < pi.length; p++) {
    const prob = 1 / (1 + Math.exp(theta[pj[p]] - theta[pi[p]]));
    add(h, pi[p], pj[p], n[p] * prob * (1 - prob));
    const k = p * 3;
    const gv =
      sq[k + CELL_WIN_I] * (1 - prob) ** 2 +
      sq[k + CELL_WIN_J] * prob ** 2 +
      sq[k + CELL_TIE] * (0.5 - prob) ** 2;
    add(g, pi[p], pj[p], gv);
  }
  for (let i = 0; i < m; i++) h[i * m + i] += 1e-5 * total + prep.lambda;
  if (!cholesky(h, m)) throw new Error("sandwich: Hessian is not positive definite");
  const cov = sandwich(choleskyInverse(h, m), g, m);
  const variance = new Float64Array(m);
  const a = prep.anchor?.index ?? -1;
  for (let i = 0; i < m; i++) {
    variance[i] = cov(i, i);
    if (a >= 0 && problem.groupOf[i] === problem.groupOf[a]) {
      variance[i] += cov(a, a) - 2 * cov(i, a);
    }
  }
  return variance;
}

export function finishBt(prep: PreparedBt, rounds: RoundsResult[] | null): LeaderboardResult {
  const { opts, problem, fit, pd } = prep;
  const t0 = performance.now();
  const ratings = toElo(fit.theta, problem.groupOf, prep.anchor);
  let lower: Float64Array | null = null;
  let upper: Float64Array | null = null;
  let separatedRounds = 0;
  let nonconverged = 0;
  if (opts.ci === "sandwich") {
    const variance = btSandwichVariance(prep);
    lower = ratings.map((r, i) => r - Z_95 * Math.sqrt(Math.max(variance[i], 0)) * ELO_PER_NAT);
    upper = ratings.map((r, i) => r + Z_95 * Math.sqrt(Math.max(variance[i], 0)) * ELO_PER_NAT);
  } else if (opts.ci === "bootstrap" && rounds && prep.rounds > 0) {
    const sorted = [...rounds].sort((x, y) => x.from - y.from);
    const all = new Float64Array(prep.rounds * problem.m);
    for (const r of sorted) {
      all.set(r.thetas, r.from * problem.m);
      separatedRounds += r.separated;
      nonconverged += r.nonconverged;
    }
    ({ lower, upper } = bootstrapBounds(all, prep.rounds, problem.m, problem.groupOf, prep.anchor));
  }
  prep.timingMs.ci = (prep.timingMs.ci ?? 0) + performance.now() - t0;
  prep.timingMs.total = performance.now() - prep.started;
  return summarize({
    pd,
    theta: fit.theta,
    ratings,
    lower,
    upper,
    groupOf: problem.groupOf,
    minVotes: opts.minVotes ?? 0,
    meta: {
      mode: "bt",
      ...fitMeta(opts, prep.rounds, fit),
      separated: prep.separated,
      bootstrapNonconvergedRounds: separatedRounds + nonconverged,
      bootstrapSeparatedRounds: separatedRounds,
      ridge: opts.ridge ?? 0,
      anchor: opts.anchor ?? null,
      ipw: !!opts.ipw,
      timingMs: prep.timingMs,
    },
  });
}

/** Single-threaded: full fit, CI, summary. */
export function computeBtFromPairs(pd: PairData, opts: LeaderboardOptions): LeaderboardResult {
  const prep = prepareBt(pd, opts);
  const t0 = performance.now();
  const rounds = prep.setup ? [runBtRounds(prep.setup, 0, prep.rounds)] : null;
  prep.timingMs.ci = performance.now() - t0;
  return finishBt(prep, rounds);
}
