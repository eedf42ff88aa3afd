import { cholesky, choleskySolve } from "./linalg";

/**
 * Style-controlled Bradley-Terry over battle rows: z = θa − θb + xᵀβ with x the z-scored style
 * differences. Rows with identical (a, b, y, x) may be merged; w is then their summed weight.
 */
export interface StyleProblem {
  m: number;
  k: number;
  a: Int32Array;
  b: Int32Array;
  y: Float64Array;
  w: Float64Array;
  /** nRows × k, z-scored. */
  x: Float64Array;
  lambdaTheta: number;
  lambdaBeta: number;
  groupOf: Int32Array;
  groupSizes: number[];
}

export interface StyleFitResult {
  params: Float64Array;
  iterations: number;
  converged: boolean;
  loss: number;
  gradInf: number;
}

/** Loss, gradient and (optionally) Hessian of the penalised objective in one pass over rows. */
export function stylePass(
  pr: StyleProblem,
  params: Float64Array,
  grad: Float64Array | null,
  hess: Float64Array | null,
): number {
  const { m, k, a, b, y, w, x } = pr;
  const q = m + k;
  if (grad) grad.fill(0);
  if (hess) hess.fill(0);
  let loss = 0;
  for (let n = 0; n < a.length; n++) {
    const i = a[n];
    const j = b[n];
    const xo = n * k;
    let z = params[i] - params[j];
    for (let f = 0; f < k; f++) z += x[xo + f] * params[m + f];
    const e = Math.exp(-Math.abs(z));
    const sig = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    const wn = w[n];
    loss += wn * (Math.max(z, 0) + Math.log1p(e) - y[n] * z);
    if (!grad) continue;
    const r = wn * (sig - y[n]);
    grad[i] += r;
    grad[j] -= r;
    for (let f = 0; f < k; f++) grad[m + f] += r * x[xo + f];
    if (!hess) continue;
    const v = wn * sig * (1 - sig);
    hess[i * q + i] += v;
    hess[j * q + j] += v;
    hess[i * q + j] -= v;
    hess[j * q + i] -= v;
    for (let f = 0; f < k; f++) {
      const vx = v * x[xo + f];
      hess[i * q + m + f] += vx;
      hess[j * q + m + f] -= vx;
      const rf = (m + f) * q + m;
      for (let g = f; g < k; g++) hess[rf + g] += vx * x[xo + g];
    }
  }
  let reg = 0;
  for (let i = 0; i < m; i++) reg += pr.lambdaTheta * params[i] * params[i];
  for (let f = 0; f < k; f++) reg += pr.lambdaBeta * params[m + f] * params[m + f];
  loss += 0.5 * reg;
  if (grad) {
    for (let i = 0; i < m; i++) grad[i] += pr.lambdaTheta * params[i];
    for (let f = 0; f < k; f++) grad[m + f] += pr.lambdaBeta * params[m + f];
  }
  if (hess) finishHessian(pr, hess);
  return loss;
}

/** Gradient only (no loss, no Hessian): the inner loop of bootstrap refits. */
export function styleGradient(pr: StyleProblem, params: Float64Array, grad: Float64Array): void {
  const { m, k, a, b, y, w, x } = pr;
  grad.fill(0);
  for (let n = 0; n < a.length; n++) {
    const wn = w[n];
    if (wn === 0) continue;
    const xo = n * k;
    let z = params[a[n]] - params[b[n]];
    for (let f = 0; f < k; f++) z += x[xo + f] * params[m + f];
    const r = wn * (1 / (1 + Math.exp(-z)) - y[n]);
    grad[a[n]] += r;
    grad[b[n]] -= r;
    for (let f = 0; f < k; f++) grad[m + f] += r * x[xo + f];
  }
  for (let i = 0; i < m; i++) grad[i] += pr.lambdaTheta * params[i];
  for (let f = 0; f < k; f++) grad[m + f] += pr.lambdaBeta * params[m + f];
}

function finishHessian(pr: StyleProblem, hess: Float64Array): void {
  const { m, k } = pr;
  const q = m + k;
  for (let i = 0; i < m; i++) {
    for (let f = 0; f < k; f++) hess[(m + f) * q + i] = hess[i * q + m + f];
  }
  for (let f = 0; f < k; f++) {
    for (let g = 0; g < f; g++) hess[(m + f) * q + m + g] = hess[(m + g) * q + m + f];
  }
  for (let i = 0; i < m; i++) hess[i * q + i] += pr.lambdaTheta;
  for (let f = 0; f < k; f++) hess[(m + f) * q + m + f] += pr.lambdaBeta;
  if (pr.lambdaTheta === 0) {
    // Same trick as plain BT: the loss is flat along each group's all-ones θ direction.
    for (let i = 0; i < m; i++) {
      const gi = pr.groupOf[i];
      for (let j = 0; j < m; j++) if (pr.groupOf[j] === gi) hess[i * q + j] += 1 / pr.groupSizes[gi];
    }
  }
}

export function centerStyleGroups(pr: StyleProblem, params: Float64Array): void {
  if (pr.lambdaTheta > 0) return;
  const sums = new Float64Array(pr.groupSizes.length);
  for (let i = 0; i < pr.m; i++) sums[pr.groupOf[i]] += params[i];
  for (let i = 0; i < pr.m; i++) params[i] -= sums[pr.groupOf[i]] / pr.groupSizes[pr.groupOf[i]];
}

/** Damped Newton; each accepted step costs a single pass over the rows. */
export function fitStyle(
  pr: StyleProblem,
  opts: { init?: Float64Array; maxIter?: number } = {},
): StyleFitResult {
  const q = pr.m + pr.k;
  const params = opts.init ? Float64Array.from(opts.init) : new Float64Array(q);
  const grad = new Float64Array(q);
  const hess = new Float64Array(q * q);
  const step = new Float64Array(q);
  const trial = new Float64Array(q);
  const trialGrad = new Float64Array(q);
  const trialHess = new Float64Array(q * q);
  let loss = stylePass(pr, params, grad, hess);
  let iterations = 0;
  let converged = false;
  const maxIter = opts.maxIter ?? 100;
  while (iterations < maxIter) {
    if (!cholesky(hess, q)) break;
    for (let i = 0; i < q; i++) step[i] = -grad[i];
    choleskySolve(hess, q, step);
    let slope = 0;
    let stepInf = 0;
    for (let i = 0; i < q; i++) {
      slope += grad[i] * step[i];
      stepInf = Math.max(stepInf, Math.abs(step[i]));
    }
    let t = 1;
    let trialLoss = loss;
    for (let r = 0; r < 40; r++) {
      for (let i = 0; i < q; i++) trial[i] = params[i] + t * step[i];
      trialLoss = stylePass(pr, trial, trialGrad, trialHess);
      if (trialLoss <= loss + 1e-4 * t * slope || stepInf * t < 1e-6) break;
      t *= 0.5;
    }
    params.set(trial);
    grad.set(trialGrad);
    hess.set(trialHess);
    loss = trialLoss;
    iterations++;
    if (stepInf * t < 1e-10) {
      converged = true;
      break;
    }
  }
  centerStyleGroups(pr, params);
  loss = stylePass(pr, params, grad, null);
  let gradInf = 0;
  for (let i = 0; i < q; i++) gradInf = Math.max(gradInf, Math.abs(grad[i]));
  return { params, iterations, converged, loss, gradInf };
}
