// Every diagnostic of one category's counted votes as one report (lib/leaderboard/diagnostics-job.ts
// stores it). Pure, so it runs inline for small categories and on the ratings worker thread
// (lib/ratings/io/pool.ts) for large ones; the covariates' and criteria's names come in as arguments.

import { aggregateBattles } from "../battles";
import { computeLeaderboard } from "../index";
import { type CriterionBoard, type CriterionVote, criterionBoards } from "./criteria";
import { type Cycle, findCycles } from "./cycles";
import { type Effect, fitEffects, SIDE_FEATURE } from "./effects";
import {
  DEFAULT_EFFECTS_OVER_TIME,
  type EffectsOverTimeParams,
  type EffectWindow,
  effectsOverTime,
} from "./effects-over-time";
import { type Holdout, kFoldLogLoss } from "./holdout";
import { type PositionBias, positionBias } from "./position-bias";
import { type RankConfidence, rankConfidence } from "./rank-confidence";
import type { DiagnosticVote } from "./types";
import { type VoterQuality, voterQuality } from "./voter-quality";

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

/**
 * The covariates' names: answer style (length, markdown) and the newer answer traits; and the
 * criteria a voter may answer (lib/arena/vote-criteria.ts), each with its board.
 */
export interface ReportFeatures {
  style: readonly string[];
  traits: readonly string[];
  criteria: readonly string[];
}

/**
 * Every diagnostic of one category's counted votes. Style covariates are fitted over the
 * votes that have them, the newer answer traits over the votes measured since they exist
 * (older votes lack them and are not counted as zeros); each effect says its vote count.
 */
export function computeReport(
  category: string,
  votes: readonly DiagnosticVote[],
  params: DiagnosticsParams,
  { style: STYLE_FEATURES, traits: TRAIT_FEATURES, criteria }: ReportFeatures,
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
    criteria: criterionBoards(criterionVotes, criteria),
    voterQuality: voterQuality(votes, ratings).slice(0, params.voterRows),
  };
}
