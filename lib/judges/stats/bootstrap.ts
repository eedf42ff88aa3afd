import type { Rng } from "@/lib/ratings/rng";
import type { Estimate } from "./types";

export const DEFAULT_ROUNDS = 500;

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Percentile bootstrap over battles (the unit a judge's two verdicts share, so they are
 * resampled together). `stat` returns NaN when a resample has nothing to measure;
 * those rounds are left out.
 */
export function bootstrapEstimate<T>(
  items: readonly T[],
  stat: (sample: readonly T[]) => number,
  rng: Rng,
  rounds = DEFAULT_ROUNDS,
): Estimate {
  const value = stat(items);
  if (items.length === 0 || !Number.isFinite(value)) return { value, ciLow: Number.NaN, ciHigh: Number.NaN };
  const values: number[] = [];
  const sample: T[] = new Array(items.length);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[Math.floor(rng.nextFloat() * items.length)];
    const v = stat(sample);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((x, y) => x - y);
  return { value, ciLow: percentile(values, 0.025), ciHigh: percentile(values, 0.975) };
}
