import type { RoundsResult } from "./bt-bootstrap";
import { bootstrapRounds, checkRidge, resolveAnchor, ridgeToLambda } from "./bt-engine";
import { cholesky, choleskyInverse, sandwich } from "./linalg";
import { components, type PairData } from "./pairs";
import { runStyleRounds, type StyleBootstrapSetup } from "./style-bootstrap";
import { fitStyle, type StyleFitResult, type StyleProblem, stylePass } from "./style-fit";
import { bootstrapBounds, ELO_PER_NAT, fitMeta, quantileSorted, summarize, toElo, Z_95 } from "./summary";
import type { LeaderboardResult, StyleCoefficient, StyleOptions } from "./types";

/** Battle rows in the index space of `pd.models`; raw = (A − B)/(A + B + 1) per feature, row-major. */
export interface StyleRows {
  features: string[];
  a: Int32Array;
  b: Int32Array;
  y: Float64Array;
  count: Float64Array;
  weight: Float64Array | null;
  weightSq: Float64Array | null;
  raw: Float64Array;
}

export interface PreparedStyle {
  pd: PairData;
  rows: StyleRows;
  opts: StyleOptions;
  problem: StyleProblem;
  fit: StyleFitResult;
  weightSq: Float64Array;
  anchor: { index: number; rating: number } | null;
  constant: string[];
  setup: StyleBootstrapSetup | null;
  rounds: number;
  started: number;
  timingMs: Record<string, number>;
}

/** λθ = 0.5/(ln 10)² and λβ = 0.5 by default: the reference's 0.25(‖r‖² + ‖β‖²). */
export function prepareStyle(pd: PairData, rows: StyleRows, opts: StyleOptions): PreparedStyle {
  const started = performance.now();
  const m = pd.models.length;
  const k = rows.features.length;
  const nRows = rows.a.length;
  const anchor = resolveAnchor(pd.models, opts.anchor);
  let total = 0;
  for (let n = 0; n < nRows; n++) total += rows.count[n];
  let w = rows.count;
  let weightSq = rows.count;
  if (opts.ipw) {
    if (!rows.weight || !rows.weightSq)
      throw new Error("ipw needs sampling probabilities (StyleBattle.weight)");
    let sum = 0;
    for (let n = 0; n < nRows; n++) sum += rows.weight[n];
    const f = total / sum;
    w = rows.weight.map((v) => v * f);
    weightSq = rows.weightSq.map((v) => v * f * f);
  }
  // z-scoring (ddof 0) weighs rows by battle count, as if every battle were its own row.
  const x = new Float64Array(nRows * k);
  const constant: string[] = [];
  for (let f = 0; f < k; f++) {
    let mean = 0;
    for (let n = 0; n < nRows; n++) mean += rows.count[n] * rows.raw[n * k + f];
    mean /= total;
    let v = 0;
    for (let n = 0; n < nRows; n++) v += rows.count[n] * (rows.raw[n * k + f] - mean) ** 2;
    const sd = Math.sqrt(v / total);
    if (!(sd > 1e-12)) constant.push(rows.features[f]);
    else for (let n = 0; n < nRows; n++) x[n * k + f] = (rows.raw[n * k + f] - mean) / sd;
  }
  const { groupOf, sizes } = components(m, pd.pi, pd.pj);
  const problem: StyleProblem = {
    m,
    k,
    a: rows.a,
    b: rows.b,
    y: rows.y,
    w,
    x,
    lambdaTheta: ridgeToLambda(checkRidge(opts.ridge ?? 0.5, "ridge")),
    lambdaBeta: 0.5,
    groupOf,
    groupSizes: sizes,
  };
  const fit = fitStyle(problem);
  const timingMs: Record<string, number> = { fit: performance.now() - started };
  const rounds = bootstrapRounds(opts);
  let setup: StyleBootstrapSetup | null = null;
  if (rounds > 0) {
    const q = m + k;
    const hessFactor = new Float64Array(q * q);
    stylePass(problem, fit.params, new Float64Array(q), hessFactor);
    if (!cholesky(hessFactor, q)) throw new Error("style Hessian is not positive definite");
    setup = {
      kind: "style",
      problem,
      count: rows.count,
      params0: fit.params,
      hessFactor,
      method: opts.bootstrapMethod ?? "multinomial",
      seed: opts.seed ?? 0,
    };
  }
  return { pd, rows, opts, problem, fit, weightSq, anchor, constant, setup, rounds, started, timingMs };
}

/** The reference's style sandwich, over rows; returns covariance entries on demand. */
export function styleSandwich(prep: PreparedStyle): (i: number, j: number) => number {
  const { problem: pr, fit } = prep;
  const { m, k, a, b, y, w, x } = pr;
  const q = m + k;
  let total = 0;
  for (let n = 0; n < a.length; n++) total += prep.rows.count[n];
  const h = new Float64Array(q * q);
  const g = new Float64Array(q * q);
  const v = new Float64Array(q);
  const idx = new Int32Array(q);
  for (let n = 0; n < a.length; n++) {
    let z = fit.params[a[n]] - fit.params[b[n]];
    for (let f = 0; f < k; f++) z += x[n * k + f] * fit.params[m + f];
    const p = 1 / (1 + Math.exp(-z));
    const hv = (w[n] * p * (1 - p)) / total;
    const gv = (prep.weightSq[n] * (y[n] - p) ** 2) / total;
    // Sparse feature vector: +1 at a, −1 at b, x at the style slots.
    idx[0] = a[n];
    v[0] = 1;
    idx[1] = b[n];
    v[1] = -1;
    for (let f = 0; f < k; f++) {
      idx[2 + f] = m + f;
      v[2 + f] = x[n * k + f];
    }
    for (let s = 0; s < k + 2; s++) {
      const rs = idx[s] * q;
      for (let t = 0; t < k + 2; t++) {
        const vv = v[s] * v[t];
        h[rs + idx[t]] += hv * vv;
        g[rs + idx[t]] += gv * vv;
      }
    }
  }
  for (let i = 0; i < q; i++) h[i * q + i] += 1e-5;
  const lb = pr.lambdaBeta;
  for (let f = 0; f < k; f++) {
    for (let e = 0; e < k; e++)
      g[(m + f) * q + m + e] -= ((lb * lb) / total) * fit.params[m + f] * fit.params[m + e];
  }
  if (!cholesky(h, q)) throw new Error("style sandwich: Hessian is not positive definite");
  const cov = sandwich(choleskyInverse(h, q), g, q);
  return (i: number, j: number) => cov(i, j) / total;
}

export function finishStyle(prep: PreparedStyle, rounds: RoundsResult[] | null): LeaderboardResult {
  const { opts, problem, fit, pd } = prep;
  const { m, k } = problem;
  const q = m + k;
  const t0 = performance.now();
  const theta = fit.params.slice(0, m);
  const ratings = toElo(theta, problem.groupOf, prep.anchor);
  let lower: Float64Array | null = null;
  let upper: Float64Array | null = null;
  const betaLo: (number | null)[] = new Array(k).fill(null);
  const betaHi: (number | null)[] = new Array(k).fill(null);
  let nonconverged = 0;
  if (opts.ci === "sandwich" && problem.a.length > 0) {
    const cov = styleSandwich(prep);
    const a = prep.anchor?.index ?? -1;
    const half = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let v = cov(i, i);
      if (a >= 0 && problem.groupOf[i] === problem.groupOf[a]) v += cov(a, a) - 2 * cov(i, a);
      half[i] = Z_95 * Math.sqrt(Math.max(v, 0)) * ELO_PER_NAT;
    }
    lower = ratings.map((r, i) => r - half[i]);
    upper = ratings.map((r, i) => r + half[i]);
    for (let f = 0; f < k; f++) {
      const s = Z_95 * Math.sqrt(Math.max(cov(m + f, m + f), 0));
      betaLo[f] = fit.params[m + f] - s;
      betaHi[f] = fit.params[m + f] + s;
    }
  } else if (opts.ci === "bootstrap" && rounds && prep.rounds > 0) {
    const all = new Float64Array(prep.rounds * q);
    for (const r of rounds) {
      all.set(r.thetas, r.from * q);
      nonconverged += r.nonconverged;
    }
    ({ lower, upper } = bootstrapBounds(all, prep.rounds, m, problem.groupOf, prep.anchor, q));
    for (let f = 0; f < k; f++) {
      const col = new Float64Array(prep.rounds);
      for (let r = 0; r < prep.rounds; r++) col[r] = all[r * q + m + f];
      col.sort();
      betaLo[f] = quantileSorted(col, 0.025);
      betaHi[f] = quantileSorted(col, 0.975);
    }
  }
  const styleCoefficients: StyleCoefficient[] = prep.rows.features.map((feature, f) => ({
    feature,
    coef: fit.params[m + f],
    ciLower: betaLo[f],
    ciUpper: betaHi[f],
    eloPerSd: fit.params[m + f] * ELO_PER_NAT,
  }));
  prep.timingMs.ci = (prep.timingMs.ci ?? 0) + performance.now() - t0;
  prep.timingMs.total = performance.now() - prep.started;
  const result = summarize({
    pd,
    theta,
    ratings,
    lower,
    upper,
    groupOf: problem.groupOf,
    minVotes: opts.minVotes ?? 0,
    meta: {
      mode: "style",
      ...fitMeta(opts, prep.rounds, fit),
      separated: false,
      bootstrapNonconvergedRounds: nonconverged,
      bootstrapSeparatedRounds: 0,
      ridge: opts.ridge ?? 0.5,
      anchor: opts.anchor ?? null,
      ipw: !!opts.ipw,
      styleFeatures: prep.rows.features,
      constantFeatures: prep.constant,
      timingMs: prep.timingMs,
    },
  });
  return { ...result, styleCoefficients };
}

export function computeStyleFromRows(pd: PairData, rows: StyleRows, opts: StyleOptions): LeaderboardResult {
  const prep = prepareStyle(pd, rows, opts);
  const t0 = performance.now();
  const rounds = prep.setup ? [runStyleRounds(prep.setup, 0, prep.rounds)] : null;
  prep.timingMs.ci = performance.now() - t0;
  return finishStyle(prep, rounds);
}
