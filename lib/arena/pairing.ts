import type { StoredSide } from "./sides";

/** A uniform random number in [0, 1); injected so draws are reproducible in tests. */
export type Rng = () => number;

export interface PairDraw<T> {
  a: T;
  b: T;
  /** Probability of drawing this unordered pair from the candidates. */
  probability: number;
  /** Which of a/b is shown on the left. */
  shownLeft: StoredSide;
}

export const UNIFORM_SAMPLER = { name: "uniform", version: "1" } as const;

/** Draws two distinct candidates uniformly; every unordered pair has probability 1 / C(n, 2). */
export function drawUniformPair<T>(candidates: readonly T[], rng: Rng = Math.random): PairDraw<T> {
  const n = candidates.length;
  if (n < 2) throw new RangeError(`need at least two candidates, got ${n}`);
  const i = Math.floor(rng() * n);
  let j = Math.floor(rng() * (n - 1));
  if (j >= i) j++;
  return {
    a: candidates[i],
    b: candidates[j],
    probability: 2 / (n * (n - 1)),
    shownLeft: rng() < 0.5 ? "a" : "b",
  };
}

export interface WeightedCandidate {
  weight: number;
}

/**
 * Draws an unordered pair with probability proportional to w_i·w_j (i ≠ j); returns that
 * exact probability so fits can be inverse-propensity weighted.
 */
export function drawWeightedPair<T extends WeightedCandidate>(
  candidates: readonly T[],
  rng: Rng = Math.random,
): PairDraw<T> {
  const usable = candidates.filter((c) => c.weight > 0);
  if (usable.length < 2)
    throw new RangeError(`need at least two candidates with positive weight, got ${usable.length}`);
  let total = 0;
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++) {
      const w = usable[i].weight * usable[j].weight;
      pairs.push([i, j, w]);
      total += w;
    }
  }
  let target = rng() * total;
  let chosen = pairs[pairs.length - 1];
  for (const pair of pairs) {
    target -= pair[2];
    if (target < 0) {
      chosen = pair;
      break;
    }
  }
  const swap = rng() < 0.5;
  const [x, y] = swap ? [chosen[1], chosen[0]] : [chosen[0], chosen[1]];
  return { a: usable[x], b: usable[y], probability: chosen[2] / total, shownLeft: rng() < 0.5 ? "a" : "b" };
}
