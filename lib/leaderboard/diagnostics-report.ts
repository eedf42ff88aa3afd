import { STYLE_FEATURES, TRAIT_FEATURES } from "@/lib/arena/style-of-battle";
import { CRITERION_IDS } from "@/lib/arena/vote-criteria";
import { aggregateBattles, computeLeaderboard } from "@/lib/ratings";
import { type CriterionBoard, type CriterionVote, criterionBoards } from "@/lib/ratings/diagnostics/criteria";
import { type Cycle, findCycles } from "@/lib/ratings/diagnostics/cycles";
import { type Effect, fitEffects, SIDE_FEATURE } from "@/lib/ratings/diagnostics/effects";
import {
  DEFAULT_EFFECTS_OVER_TIME,
  type EffectsOverTimeParams,
  type EffectWindow,
  effectsOverTime,
} from "@/lib/ratings/diagnostics/effects-over-time";
import { type Holdout, kFoldLogLoss } from "@/lib/ratings/diagnostics/holdout";
import { type PositionBias, positionBias } from "@/lib/ratings/diagnostics/position-bias";
import { type RankConfidence, rankConfidence } from "@/lib/ratings/diagnostics/rank-confidence";
import type { DiagnosticVote } from "@/lib/ratings/diagnostics/types";
import { type VoterQuality, voterQuality } from "@/lib/ratings/diagnostics/voter-quality";

export const DIAGNOSTICS_VERSION = 3;

export interface DiagnosticsParams {
  rounds: number;
  seed: number;
  folds: number;
  /** Pairs with fewer decisive battles are not edges of a cycle. */
  cycleMinSupport: number;
  /** Models with fewer battles are left out of the rank distribution (they are still fitted). */
  minVotes: number;
  /** Matrices (P(better), significance) keep this many models, best first. */
  matrixModels: number;
  /** Voter-quality rows kept, the most flagged first. */
  voterRows: number;
}

export const DEFAULT_DIAGNOSTICS_PARAMS: DiagnosticsParams = {
  rounds: 300,
  seed: 0,
  folds: 5,
  cycleMinSupport: 10,
  minVotes: 0,
  matrixModels: 30,
  voterRows: 200,
};

export interface SideControlledRow {
  model: string;
  rating: number;
  ciLower: number | null;
  ciUpper: number | null;
}

export interface DiagnosticsReport {
  version: typeof DIAGNOSTICS_VERSION;
  category: string;
  numVotes: number;
  params: DiagnosticsParams;
  positionBias: PositionBias;
  /** The board with the side shown left as a covariate, and the left side's pull in rating points. */
  sideControlled: {
    leftAdvantage: { points: number; ciLower: number | null; ciUpper: number | null } | null;
    rows: SideControlledRow[];
  } | null;
  /**
   * Each covariate's effect in rating points per standard deviation (style features from one
   * joint fit with the side, traits from one with style and side); for the side covariate the
   * points the left answer is ahead by.
   */
  effects: Effect[];
  rankConfidence: RankConfidence;
  cycles: { minSupport: number; total: number; cycles: Cycle[] };
  holdout: Holdout | null;
  /** The style and trait effects per window of consecutive votes (empty until two windows' worth). */
  effectsOverTime: { params: EffectsOverTimeParams; windows: EffectWindow[] };
  /** One board per criterion (helpfulness, correctness, style), or how many votes it still needs. */
  criteria: CriterionBoard[];
  /** For maintainers only: never in the public API. */
  voterQuality: VoterQuality[];
}

/** The public part of a report (voter quality is for maintainers). */
export type PublicDiagnostics = Omit<DiagnosticsReport, "voterQuality">;

export function publicDiagnostics(report: DiagnosticsReport): PublicDiagnostics {
  const { voterQuality: _, ...rest } = report;
  return rest;
}

/**
 * Every diagnostic of one category's counted votes. Style covariates are fitted over the
 * votes that have them, the newer answer traits over the votes measured since they exist
 * (older votes lack them and are not counted as zeros); each effect says its vote count.
 */
export function computeDiagnostics(
  category: string,
  votes: readonly DiagnosticVote[],
  params: DiagnosticsParams = DEFAULT_DIAGNOSTICS_PARAMS,
  criterionVotes: readonly CriterionVote[] = [],
): DiagnosticsReport {
  const counts = aggregateBattles(votes);
  const rc = rankConfidence(counts, { rounds: params.rounds, seed: params.seed, minVotes: params.minVotes });
  const keep = rc.models.slice(0, params.matrixModels).length;
  const side = fitEffects(votes, []);
  const style = fitEffects(votes, STYLE_FEATURES);
  const traits = fitEffects(votes, [...STYLE_FEATURES, ...TRAIT_FEATURES]);
  const effects: Effect[] = [
    ...(style?.effects.filter((e) => e.feature !== SIDE_FEATURE) ?? []),
    ...(traits?.effects.filter((e) => (TRAIT_FEATURES as readonly string[]).includes(e.feature)) ?? []),
    // The side's effect in the units a reader wants: points the left answer is ahead by.
    ...(side?.effects.map((e) =>
      side.leftAdvantage
        ? {
            ...e,
            eloPerSd: side.leftAdvantage.points,
            ciLower: side.leftAdvantage.ciLower,
            ciUpper: side.leftAdvantage.ciUpper,
          }
        : e,
    ) ?? []),
  ];
  const plain = counts.length > 0 ? computeLeaderboard(counts, { ci: "none" }) : null;
  const ratings = new Map(plain?.leaderboard.map((r) => [r.model, r.rating]) ?? []);
  const decisivePairs = new Set(counts.map((c) => `${c.modelA}\u0000${c.modelB}`));
  return {
    version: DIAGNOSTICS_VERSION,
    category,
    numVotes: votes.length,
    params,
    positionBias: positionBias(votes),
    sideControlled: side
      ? {
          leftAdvantage: side.leftAdvantage,
          rows: side.board.leaderboard.map((r) => ({
            model: r.model,
            rating: r.rating,
            ciLower: r.ciLower,
            ciUpper: r.ciUpper,
          })),
        }
      : null,
    effects,
    rankConfidence: {
      ...rc,
      models: rc.models.slice(0, keep),
      pBetter: rc.pBetter.slice(0, keep).map((row) => row.slice(0, keep)),
      significant: rc.significant.slice(0, keep).map((row) => row.slice(0, keep)),
    },
    cycles: {
      minSupport: params.cycleMinSupport,
      ...findCycles(counts, { minSupport: params.cycleMinSupport }),
    },
    holdout:
      decisivePairs.size > 0 && votes.length >= params.folds
        ? kFoldLogLoss(counts, { folds: params.folds, seed: params.seed })
        : null,
    effectsOverTime: {
      params: DEFAULT_EFFECTS_OVER_TIME,
      windows: effectsOverTime(votes, [STYLE_FEATURES, [...STYLE_FEATURES, ...TRAIT_FEATURES]]),
    },
    criteria: criterionBoards(criterionVotes, CRITERION_IDS),
    voterQuality: voterQuality(votes, ratings).slice(0, params.voterRows),
  };
}

const FEATURE_WORDS: Record<string, { name: string; contrast: string }> = {
  sum_assistant_tokens: { name: "Answer length", contrast: "A longer answer (by one typical difference)" },
  header_count: {
    name: "Markdown headers",
    contrast: "An answer with more headers (by one typical difference)",
  },
  list_count: { name: "List items", contrast: "An answer with more list items (by one typical difference)" },
  bold_count: { name: "Bold text", contrast: "An answer with more bold text (by one typical difference)" },
  hedge_rate: {
    name: "Hedging",
    contrast: "A more hedged answer (might, perhaps, I think…; by one typical difference)",
  },
  refusal: { name: "Refusing", contrast: "An answer that refuses, against one that does not," },
  link_count: {
    name: "Links and citations",
    contrast: "An answer with more links or citations (by one typical difference)",
  },
  language_match: {
    name: "Answering in the prompt's language",
    contrast: "An answer in the prompt's language, against one that is not,",
  },
  [SIDE_FEATURE]: { name: "Shown on the left", contrast: "The answer shown on the left" },
};

export function effectName(feature: string): string {
  return FEATURE_WORDS[feature]?.name ?? feature;
}

const points = (x: number) => `${Math.abs(x) < 9.5 ? x.toFixed(1) : Math.round(x)}`;

/**
 * One plain sentence per effect: direction, size in rating points and whether the 95%
 * interval rules out zero. The covariate is (A − B)/(A + B + 1) z-scored, so "one standard
 * deviation" is stated in the covariate's own terms where that is meaningful.
 */
export function describeEffect(e: Effect): string {
  const w = FEATURE_WORDS[e.feature] ?? { name: e.feature, contrast: `An answer with more ${e.feature}` };
  if (e.constant)
    return `${w.name}: never differed between the two answers in these ${e.n} votes, so its effect cannot be measured.`;
  const sure = e.ciLower !== null && e.ciUpper !== null && (e.ciLower > 0 || e.ciUpper < 0);
  const ci =
    e.ciLower !== null && e.ciUpper !== null
      ? ` (95% interval ${points(e.ciLower)} to ${points(e.ciUpper)})`
      : "";
  const dir = e.eloPerSd >= 0 ? "gains" : "loses";
  let contrast: string;
  if (e.feature === "sum_assistant_tokens" && e.sd > 0 && e.sd < 1) {
    // x = (A − B)/(A + B + 1) ≈ (A − B)/(A + B): one SD apart means A/B = (1 + sd)/(1 − sd).
    const ratio = (1 + e.sd) / (1 - e.sd);
    contrast = `An answer ${ratio.toFixed(1)}× as long as the other`;
  } else if (e.feature === SIDE_FEATURE) {
    const verdict = sure ? "Position bias: the interval excludes zero." : "No clear position bias.";
    return `The answer shown on the left ${dir} about ${points(Math.abs(e.eloPerSd))} rating points against the one on the right${ci}, over ${e.n} votes. ${verdict}`;
  } else {
    contrast = w.contrast;
  }
  const verdict = sure
    ? "The interval excludes zero: voters reward this beyond quality."
    : "The interval includes zero: no clear effect.";
  return `${contrast} ${dir} about ${points(Math.abs(e.eloPerSd))} rating points${ci}, over ${e.n} votes. ${verdict}`;
}

/**
 * One covariate's course over the windows in a sentence: the first and last windows' effects
 * and whether their 95% intervals are apart (the preference changed) or overlap.
 */
export function describeTrend(feature: string, windows: readonly EffectWindow[]): string | null {
  const series = windows.flatMap((w) => {
    const e = w.effects.find((x) => x.feature === feature && !x.constant);
    return e ? [{ w, e }] : [];
  });
  if (series.length < 2) return null;
  const first = series[0];
  const last = series[series.length - 1];
  const signed = (x: number) => `${x >= 0 ? "+" : "−"}${points(Math.abs(x))}`;
  const ci = (e: Effect) =>
    e.ciLower !== null && e.ciUpper !== null
      ? ` (95% interval ${points(e.ciLower)} to ${points(e.ciUpper)})`
      : "";
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const apart =
    first.e.ciLower !== null &&
    first.e.ciUpper !== null &&
    last.e.ciLower !== null &&
    last.e.ciUpper !== null &&
    (first.e.ciLower > last.e.ciUpper || last.e.ciLower > first.e.ciUpper);
  const flipped = Math.sign(first.e.eloPerSd) !== Math.sign(last.e.eloPerSd);
  const verdict = apart
    ? flipped
      ? "The intervals do not overlap and the sign changed: voters' preference reversed."
      : "The intervals do not overlap: the effect changed."
    : "The intervals overlap: no clear change.";
  return `${effectName(feature)}: ${signed(first.e.eloPerSd)} rating points per typical difference in the votes of ${day(first.w.from)} to ${day(first.w.to)}${ci(first.e)}, ${signed(last.e.eloPerSd)} in those of ${day(last.w.from)} to ${day(last.w.to)}${ci(last.e)}, over ${series.length} windows. ${verdict}`;
}
