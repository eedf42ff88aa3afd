import { Z_95 } from "../summary";

export interface Proportion {
  /** Decisive trials (ties left out). */
  n: number;
  successes: number;
  /** successes / n, or null when n is 0. */
  p: number | null;
  /** 95% Wilson score interval; null when n is 0. */
  ciLower: number | null;
  ciUpper: number | null;
}

/**
 * A share with its 95% Wilson interval. Wilson rather than the normal approximation because
 * the interesting cases sit near 0 or 1 (a crowd that always picks the left side), where the
 * normal interval leaves [0, 1] and collapses to a point.
 */
export function proportion(successes: number, n: number): Proportion {
  if (!(n > 0)) return { n: 0, successes: 0, p: null, ciLower: null, ciUpper: null };
  const p = successes / n;
  const z2 = Z_95 * Z_95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z_95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { n, successes, p, ciLower: Math.max(0, centre - half), ciUpper: Math.min(1, centre + half) };
}
