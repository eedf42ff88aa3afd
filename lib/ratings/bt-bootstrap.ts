import { type BtProblem, btGradientFast, centerGroups, fitBt } from "./bt-fit";
import { CELL_TIE, CELL_WIN_I, CELL_WIN_J } from "./pairs";
import { CellResampler } from "./resample";
import { rngForRound } from "./rng";
import { PairGraph } from "./separation";
import type { BootstrapMethod } from "./types";

/** Everything a thread needs to run rounds: plain typed arrays, so it can be posted to a worker. */
export interface BtBootstrapSetup {
  kind: "bt";
  m: number;
  pi: Int32Array;
  pj: Int32Array;
  groupOf: Int32Array;
  groupSizes: number[];
  /** Integer battle counts, 3 cells per pair. */
  count: Float64Array;
  /** Fit weight of one battle in each cell (IPW), or null for 1. */
  cellWeight: Float64Array | null;
  theta0: Float64Array;
  /** Inverse of the full-data Hessian at theta0 (centring-augmented when lambda = 0). */
  hessInverse: Float64Array;
  lambda: number;
  sepLambda: number;
  /** The full data already needed the separation ridge (it is then part of lambda). */
  fullSeparated: boolean;
  method: BootstrapMethod;
  seed: number;
}

export interface RoundsResult {
  from: number;
  to: number;
  /** (to − from) × m natural-unit ratings, round-major. */
  thetas: Float64Array;
  separated: number;
  nonconverged: number;
  /** Total solver steps, for profiling. */
  iterations: number;
}

/** 1e-6 log-odds ≈ 2e-4 Elo: far below bootstrap Monte-Carlo noise. */
const ROUND_TOL = 1e-6;

/**
 * Rounds are small perturbations of the full fit: start there and iterate θ ← θ − H₀⁻¹g(θ) with
 * the full-data Hessian inverted once — O(pairs + M²) per step instead of O(M³). A round that
 * stalls falls back to exact Newton; one without a finite MLE gets the separation ridge.
 */
export function runBtRounds(setup: BtBootstrapSetup, from: number, to: number): RoundsResult {
  return btRoundsRunner(setup)(from, to);
}

/** Builds the per-thread state (resampler tables, graph, scratch) once for many pieces of rounds. */
export function btRoundsRunner(setup: BtBootstrapSetup): (from: number, to: number) => RoundsResult {
  const { m, pi, pj, count, cellWeight, theta0, hessInverse } = setup;
  const nPairs = pi.length;
  const resampler = new CellResampler(count, setup.method);
  const graph = new PairGraph(m, pi, pj, setup.groupOf, setup.groupSizes.length);
  const cells = new Float64Array(count.length);
  const scoreI = new Float64Array(nPairs);
  const scoreJ = new Float64Array(nPairs);
  const lostFrom = new Int32Array(2 * nPairs);
  const lostTo = new Int32Array(2 * nPairs);
  const pr: BtProblem = {
    m,
    pi,
    pj,
    n: new Float64Array(nPairs),
    s: new Float64Array(nPairs),
    groupOf: setup.groupOf,
    groupSizes: setup.groupSizes,
  };
  const theta = new Float64Array(m);
  const grad = new Float64Array(m);
  const step = new Float64Array(m);
  const u = new Float64Array(m);
  return (from, to) => {
    const thetas = new Float64Array((to - from) * m);
    let separated = 0;
    let nonconverged = 0;
    let iterations = 0;
    for (let r = from; r < to; r++) {
      resampler.sample(rngForRound(setup.seed, r), cells);
      let nLost = 0;
      for (let p = 0; p < nPairs; p++) {
        const k = p * 3;
        const wi = cells[k + CELL_WIN_I];
        const wj = cells[k + CELL_WIN_J];
        const wt = cells[k + CELL_TIE];
        scoreI[p] = wi + wt;
        scoreJ[p] = wj + wt;
        if (scoreI[p] === 0 && count[k] + count[k + 2] > 0) {
          lostFrom[nLost] = pi[p];
          lostTo[nLost++] = pj[p];
        }
        if (scoreJ[p] === 0 && count[k + 1] + count[k + 2] > 0) {
          lostFrom[nLost] = pj[p];
          lostTo[nLost++] = pi[p];
        }
        if (cellWeight) {
          const ci = wi * cellWeight[k];
          const cj = wj * cellWeight[k + 1];
          const ct = wt * cellWeight[k + 2];
          pr.n[p] = ci + cj + ct;
          pr.s[p] = ci + 0.5 * ct;
        } else {
          pr.n[p] = wi + wj + wt;
          pr.s[p] = wi + 0.5 * wt;
        }
      }
      const out = thetas.subarray((r - from) * m, (r - from + 1) * m);
      const stillFinite =
        setup.fullSeparated ||
        nLost === 0 ||
        graph.bypassed(lostFrom, lostTo, nLost, scoreI, scoreJ) ||
        graph.finiteMle(scoreI, scoreJ);
      if (!stillFinite) {
        separated++;
        const fit = fitBt(pr, { lambda: setup.lambda + setup.sepLambda, init: theta0 });
        if (!fit.converged) nonconverged++;
        out.set(fit.theta);
        continue;
      }
      theta.set(theta0);
      let ok = false;
      let prev = Number.POSITIVE_INFINITY;
      for (let it = 0; it < 60; it++) {
        iterations++;
        btGradientFast(pr, theta, setup.lambda, grad, u);
        // A dense inverse makes the step one contiguous mat-vec (triangular solves stride badly).
        let stepInf = 0;
        for (let i = 0; i < m; i++) {
          const row = i * m;
          let acc = 0;
          for (let j = 0; j < m; j++) acc += hessInverse[row + j] * grad[j];
          step[i] = acc;
          if (Math.abs(acc) > stepInf) stepInf = Math.abs(acc);
        }
        for (let i = 0; i < m; i++) theta[i] -= step[i];
        // Linear convergence: with contraction r the remaining error is about step·r/(1 − r).
        const ratio = it > 0 ? stepInf / prev : 1;
        if (stepInf < ROUND_TOL || (ratio < 0.5 && (stepInf * ratio) / (1 - ratio) < ROUND_TOL)) {
          ok = true;
          break;
        }
        if (!(stepInf < prev) && it >= 2) break;
        prev = stepInf;
      }
      if (ok) {
        if (setup.lambda === 0) centerGroups(pr, theta);
        out.set(theta);
      } else {
        const fit = fitBt(pr, { lambda: setup.lambda, init: theta0 });
        if (!fit.converged) nonconverged++;
        out.set(fit.theta);
      }
    }
    return { from, to, thetas, separated, nonconverged, iterations };
  };
}
