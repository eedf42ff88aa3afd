import { type Effect, fitEffects, SIDE_FEATURE } from "./effects";
import type { DiagnosticVote } from "./types";

/** One window of consecutive votes and the covariates' effects fitted on it alone. */
export interface EffectWindow {
  /** First and last vote's time in the window (ms since the epoch). */
  from: number;
  to: number;
  n: number;
  /** Effects in rating points per standard deviation, with 95% intervals (the side covariate left out). */
  effects: Effect[];
}

export interface EffectsOverTimeParams {
  /** At most this many windows. */
  maxWindows: number;
  /** A window holds at least this many votes: fewer give intervals too wide to read a trend from. */
  minWindowVotes: number;
}

export const DEFAULT_EFFECTS_OVER_TIME: EffectsOverTimeParams = { maxWindows: 12, minWindowVotes: 300 };

/**
 * The style (and trait) effects over time: the votes in time order, cut into windows of
 * equal vote counts (as many as `minWindowVotes` allows, at most `maxWindows`), each fitted
 * on its own with the same model as the overall effects (Bradley-Terry with the covariates
 * and the side shown left, sandwich intervals). Equal counts rather than calendar weeks,
 * so every point has about the same precision however traffic varied. Each group of
 * `featureSets` is one joint fit (traits need the newer votes that carry them); a window
 * whose votes lack a group's covariates has no effects for it. Fewer than two windows'
 * worth of votes give no windows: one point is not a trend.
 */
export function effectsOverTime(
  votes: readonly DiagnosticVote[],
  featureSets: readonly (readonly string[])[],
  params: EffectsOverTimeParams = DEFAULT_EFFECTS_OVER_TIME,
): EffectWindow[] {
  const timed = votes.filter((v) => v.at !== undefined).sort((x, y) => (x.at ?? 0) - (y.at ?? 0));
  const k = Math.min(params.maxWindows, Math.floor(timed.length / params.minWindowVotes));
  if (k < 2) return [];
  const size = Math.ceil(timed.length / k);
  const windows: EffectWindow[] = [];
  for (let start = 0; start < timed.length; start += size) {
    const slice = timed.slice(start, start + size);
    const effects: Effect[] = [];
    const seen = new Set<string>();
    for (const features of featureSets) {
      const fit = fitEffects(slice, features);
      for (const e of fit?.effects ?? []) {
        // A later (larger) set repeats the earlier features: keep each from its first fit.
        if (e.feature === SIDE_FEATURE || seen.has(e.feature)) continue;
        seen.add(e.feature);
        effects.push(e);
      }
    }
    windows.push({ from: slice[0].at ?? 0, to: slice[slice.length - 1].at ?? 0, n: slice.length, effects });
  }
  return windows;
}
