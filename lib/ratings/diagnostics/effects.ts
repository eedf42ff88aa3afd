import { computeStyleFromRows } from "../style-engine";
import { styleRowsFromBattles } from "../style-rows";
import { ELO_PER_NAT } from "../summary";
import type { LeaderboardResult, StyleBattle } from "../types";
import { sideFeature } from "./position-bias";
import type { DiagnosticVote } from "./types";

/** The name of the side covariate: 1 for the answer shown on the left. */
export const SIDE_FEATURE = "shown_left";

export interface Effect {
  feature: string;
  /** Rating points gained per standard deviation of the normalised difference (A − B)/(A + B + 1). */
  eloPerSd: number;
  ciLower: number | null;
  ciUpper: number | null;
  /** Mean and standard deviation (vote-weighted) of the normalised difference, to put the effect in words. */
  mean: number;
  sd: number;
  /** Votes whose battle carried this covariate. */
  n: number;
  /** The covariate never differed between the two sides: no effect can be measured. */
  constant: boolean;
}

export interface EffectsFit {
  effects: Effect[];
  /** The board with every covariate held fixed (e.g. a side-controlled board). */
  board: LeaderboardResult;
  /** Side only: the left answer wins as if it were this many rating points stronger than the right one. */
  leftAdvantage: { points: number; ciLower: number | null; ciUpper: number | null } | null;
}

/**
 * Bradley-Terry with covariates: z = θa − θb + Σ βf·xf, xf = (A − B)/(A + B + 1) z-scored,
 * fitted by the style-control engine (sandwich CIs, the reference's small penalty). With
 * `side`, the side shown left is one more covariate, so the board controls for position too.
 * Votes missing any of `features` are left out, so old votes without the newer covariates
 * do not silently count as zeros.
 */
export function fitEffects(
  votes: readonly DiagnosticVote[],
  features: readonly string[],
  { side = true }: { side?: boolean } = {},
): EffectsFit | null {
  const names = side ? [...features, SIDE_FEATURE] : [...features];
  if (names.length === 0) throw new Error("fitEffects needs at least one covariate");
  const grouped = new Map<string, StyleBattle & { count: number }>();
  for (const v of votes) {
    if (v.modelA === v.modelB) continue;
    const f: Record<string, readonly [number, number]> = {};
    let complete = true;
    for (const name of features) {
      const pair = v.features?.[name];
      if (!pair || !Number.isFinite(pair[0]) || !Number.isFinite(pair[1])) {
        complete = false;
        break;
      }
      f[name] = pair;
    }
    if (!complete) continue;
    if (side) f[SIDE_FEATURE] = sideFeature(v.shownLeft);
    const key = `${v.modelA}\u0000${v.modelB}\u0000${v.outcome}\u0000${names.map((k) => f[k].join(",")).join(";")}`;
    const row = grouped.get(key);
    if (row) row.count++;
    else grouped.set(key, { modelA: v.modelA, modelB: v.modelB, outcome: v.outcome, features: f, count: 1 });
  }
  const rows = [...grouped.values()];
  if (rows.length === 0) return null;
  const { pd, rows: data } = styleRowsFromBattles(rows, names, false);
  const board = computeStyleFromRows(pd, data, { ci: "sandwich", features: names });
  const total = rows.reduce((s, r) => s + r.count, 0);
  const effects = names.map((feature, f): Effect => {
    let mean = 0;
    for (let n = 0; n < data.count.length; n++) mean += data.count[n] * data.raw[n * names.length + f];
    mean /= total;
    let v = 0;
    for (let n = 0; n < data.count.length; n++)
      v += data.count[n] * (data.raw[n * names.length + f] - mean) ** 2;
    const c = board.styleCoefficients?.[f];
    const constant = board.meta.constantFeatures?.includes(feature) ?? false;
    return {
      feature,
      eloPerSd: constant ? 0 : (c?.eloPerSd ?? 0),
      ciLower: constant || c?.ciLower == null ? null : c.ciLower * ELO_PER_NAT,
      ciUpper: constant || c?.ciUpper == null ? null : c.ciUpper * ELO_PER_NAT,
      mean,
      sd: Math.sqrt(v / total),
      n: total,
      constant,
    };
  });
  let leftAdvantage: EffectsFit["leftAdvantage"] = null;
  const s = side ? effects[effects.length - 1] : null;
  if (s && !s.constant && s.sd > 0) {
    // The left answer's covariate is +½ before z-scoring: its shift is β·(½ − mean)/sd.
    const k = (0.5 - s.mean) / s.sd;
    leftAdvantage = {
      points: s.eloPerSd * k,
      ciLower: s.ciLower === null ? null : s.ciLower * k,
      ciUpper: s.ciUpper === null ? null : s.ciUpper * k,
    };
  }
  return { effects, board, leftAdvantage };
}
