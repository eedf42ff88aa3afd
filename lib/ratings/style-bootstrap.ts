import type { RoundsResult } from "./bt-bootstrap";
import { choleskySolve } from "./linalg";
import { CellResampler } from "./resample";
import { rngForRound } from "./rng";
import { centerStyleGroups, fitStyle, type StyleProblem, styleGradient } from "./style-fit";
import type { BootstrapMethod } from "./types";

export interface StyleBootstrapSetup {
  kind: "style";
  problem: StyleProblem;
  /** Integer battle count per row (what is resampled); problem.w holds the fit weights. */
  count: Float64Array;
  params0: Float64Array;
  hessFactor: Float64Array;
  method: BootstrapMethod;
  seed: number;
}

/** Resamples battle rows and refits from the full solution with its Hessian factored once. */
export function runStyleRounds(setup: StyleBootstrapSetup, from: number, to: number): RoundsResult {
  return styleRoundsRunner(setup)(from, to);
}

export function styleRoundsRunner(setup: StyleBootstrapSetup): (from: number, to: number) => RoundsResult {
  const base = setup.problem;
  const { m, k } = base;
  const q = m + k;
  const resampler = new CellResampler(setup.count, setup.method);
  const counts = new Float64Array(setup.count.length);
  const perBattle = base.w.map((w, n) => (setup.count[n] > 0 ? w / setup.count[n] : 0));
  const pr: StyleProblem = { ...base, w: new Float64Array(base.w.length) };
  const params = new Float64Array(q);
  const grad = new Float64Array(q);
  return (from, to) => {
    // The ratings plus the style coefficients of every round.
    const thetas = new Float64Array((to - from) * q);
    let nonconverged = 0;
    let iterations = 0;
    for (let r = from; r < to; r++) {
      resampler.sample(rngForRound(setup.seed, r), counts);
      for (let n = 0; n < counts.length; n++) pr.w[n] = counts[n] * perBattle[n];
      params.set(setup.params0);
      let ok = false;
      let prev = Number.POSITIVE_INFINITY;
      for (let it = 0; it < 60; it++) {
        iterations++;
        styleGradient(pr, params, grad);
        choleskySolve(setup.hessFactor, q, grad);
        let stepInf = 0;
        for (let i = 0; i < q; i++) {
          params[i] -= grad[i];
          stepInf = Math.max(stepInf, Math.abs(grad[i]));
        }
        // Same stopping rule as plain BT: remaining error ≈ step·r/(1 − r) below 1e-6.
        const ratio = it > 0 ? stepInf / prev : 1;
        if (stepInf < 1e-6 || (ratio < 0.5 && (stepInf * ratio) / (1 - ratio) < 1e-6)) {
          ok = true;
          break;
        }
        if (!(stepInf < prev) && it >= 2) break;
        prev = stepInf;
      }
      const out = thetas.subarray((r - from) * q, (r - from + 1) * q);
      if (ok) {
        centerStyleGroups(pr, params);
        out.set(params);
      } else {
        const fit = fitStyle(pr, { init: setup.params0 });
        if (!fit.converged) nonconverged++;
        out.set(fit.params);
      }
    }
    return { from, to, thetas, separated: 0, nonconverged, iterations };
  };
}
