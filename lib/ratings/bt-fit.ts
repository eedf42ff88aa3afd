import { cholesky, choleskySolve } from "./linalg";

/** Bradley-Terry in natural units θ: P(i beats j) = σ(θi − θj). Per pair: n battles, s = wins of i + ½ ties. */
export interface BtProblem {
  m: number;
  pi: Int32Array;
  pj: Int32Array;
  n: Float64Array;
  s: Float64Array;
  groupOf: Int32Array;
  groupSizes: number[];
}

export interface FitResult {
  theta: Float64Array;
  iterations: number;
  converged: boolean;
  loss: number;
  gradInf: number;
}

export function log1pexp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function btLoss(pr: BtProblem, theta: Float64Array, lambda: number): number {
  let loss = 0;
  for (let p = 0; p < pr.pi.length; p++) {
    const z = theta[pr.pi[p]] - theta[pr.pj[p]];
    loss += pr.n[p] * log1pexp(z) - pr.s[p] * z;
  }
  if (lambda > 0) for (let i = 0; i < pr.m; i++) loss += 0.5 * lambda * theta[i] * theta[i];
  return loss;
}

/** Gradient of the loss into `grad`; returns the loss. */
export function btGradient(pr: BtProblem, theta: Float64Array, lambda: number, grad: Float64Array): number {
  grad.fill(0);
  let loss = 0;
  const { pi, pj, n, s } = pr;
  for (let p = 0; p < pi.length; p++) {
    const i = pi[p];
    const j = pj[p];
    const z = theta[i] - theta[j];
    const e = Math.exp(-Math.abs(z));
    // Stable σ(z) and log(1 + e^z) from one exp.
    const sig = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    loss += n[p] * (Math.max(z, 0) + Math.log1p(e)) - s[p] * z;
    const r = n[p] * sig - s[p];
    grad[i] += r;
    grad[j] -= r;
  }
  if (lambda > 0) {
    for (let i = 0; i < pr.m; i++) {
      grad[i] += lambda * theta[i];
      loss += 0.5 * lambda * theta[i] * theta[i];
    }
  }
  return loss;
}

/**
 * Gradient only, with σ(θi − θj) = uᵢ/(uᵢ + uⱼ), uᵢ = e^(θᵢ − max θ): M exponentials instead of one
 * per pair, which is what makes thousands of bootstrap refits cheap. `u` is scratch of length m.
 */
export function btGradientFast(
  pr: BtProblem,
  theta: Float64Array,
  lambda: number,
  grad: Float64Array,
  u: Float64Array,
) {
  const m = pr.m;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    if (theta[i] < lo) lo = theta[i];
    if (theta[i] > hi) hi = theta[i];
  }
  if (hi - lo > 600) {
    btGradient(pr, theta, lambda, grad);
    return;
  }
  for (let i = 0; i < m; i++) {
    u[i] = Math.exp(theta[i] - hi);
    grad[i] = lambda * theta[i];
  }
  const { pi, pj, n, s } = pr;
  for (let p = 0; p < pi.length; p++) {
    const i = pi[p];
    const j = pj[p];
    const ui = u[i];
    const r = (n[p] * ui) / (ui + u[j]) - s[p];
    grad[i] += r;
    grad[j] -= r;
  }
}

/**
 * Hessian (+ λI). Without a ridge the loss is flat along each group's all-ones direction; adding
 * (1/|g|)·1_g1_gᵀ makes the matrix positive definite without changing Newton steps orthogonal to it.
 */
export function btHessian(pr: BtProblem, theta: Float64Array, lambda: number, out: Float64Array): void {
  const m = pr.m;
  out.fill(0);
  const { pi, pj, n } = pr;
  for (let p = 0; p < pi.length; p++) {
    const i = pi[p];
    const j = pj[p];
    const z = theta[i] - theta[j];
    const e = Math.exp(-Math.abs(z));
    const v = (n[p] * e) / ((1 + e) * (1 + e));
    out[i * m + i] += v;
    out[j * m + j] += v;
    out[i * m + j] -= v;
    out[j * m + i] -= v;
  }
  if (lambda > 0) {
    for (let i = 0; i < m; i++) out[i * m + i] += lambda;
  } else {
    addCentering(pr, out);
  }
}

export function addCentering(pr: BtProblem, h: Float64Array): void {
  const m = pr.m;
  for (let i = 0; i < m; i++) {
    const gi = pr.groupOf[i];
    const w = 1 / pr.groupSizes[gi];
    for (let j = 0; j < m; j++) if (pr.groupOf[j] === gi) h[i * m + j] += w;
  }
}

export function centerGroups(pr: BtProblem, theta: Float64Array): void {
  const sums = new Float64Array(pr.groupSizes.length);
  for (let i = 0; i < pr.m; i++) sums[pr.groupOf[i]] += theta[i];
  for (let i = 0; i < pr.m; i++) theta[i] -= sums[pr.groupOf[i]] / pr.groupSizes[pr.groupOf[i]];
}

/** Damped Newton with a full Cholesky solve per step; quadratic convergence to the exact optimum. */
export function fitBt(
  pr: BtProblem,
  opts: { lambda: number; init?: Float64Array; maxIter?: number; tol?: number },
): FitResult {
  const m = pr.m;
  const { lambda } = opts;
  const maxIter = opts.maxIter ?? 100;
  const tol = opts.tol ?? 1e-10;
  const theta = opts.init ? Float64Array.from(opts.init) : new Float64Array(m);
  const grad = new Float64Array(m);
  const hess = new Float64Array(m * m);
  const step = new Float64Array(m);
  const trial = new Float64Array(m);
  let loss = btGradient(pr, theta, lambda, grad);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    btHessian(pr, theta, lambda, hess);
    if (!cholesky(hess, m)) break;
    for (let i = 0; i < m; i++) step[i] = -grad[i];
    choleskySolve(hess, m, step);
    let slope = 0;
    let stepInf = 0;
    for (let i = 0; i < m; i++) {
      slope += grad[i] * step[i];
      stepInf = Math.max(stepInf, Math.abs(step[i]));
    }
    let t = 1;
    let trialLoss = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < m; i++) trial[i] = theta[i] + t * step[i];
      trialLoss = btLoss(pr, trial, lambda);
      // Near the optimum the loss change is below rounding; accept full steps there.
      if (trialLoss <= loss + 1e-4 * t * slope || stepInf * t < 1e-6) break;
      t *= 0.5;
    }
    theta.set(trial);
    iterations++;
    loss = btGradient(pr, theta, lambda, grad);
    if (stepInf * t < tol) {
      converged = true;
      break;
    }
  }
  if (lambda === 0) {
    centerGroups(pr, theta);
    loss = btGradient(pr, theta, lambda, grad);
  }
  let gradInf = 0;
  for (let i = 0; i < m; i++) gradInf = Math.max(gradInf, Math.abs(grad[i]));
  return { theta, iterations, converged, loss, gradInf };
}
