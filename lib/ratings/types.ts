export type Outcome = "model_a" | "model_b" | "tie" | "tie (bothbad)";

export const OUTCOMES: readonly Outcome[] = ["model_a", "model_b", "tie", "tie (bothbad)"];

export function isOutcome(value: unknown): value is Outcome {
  return value === "model_a" || value === "model_b" || value === "tie" || value === "tie (bothbad)";
}

/** One individual vote, as the app or the CLI reader sees it. */
export interface Battle {
  modelA: string;
  modelB: string;
  outcome: Outcome;
  /** Probability with which this pair was shown; needed only for `ipw`. */
  samplingProbability?: number;
}

/** Aggregated votes: `count` battles of (modelA, modelB) ending in `outcome`. */
export interface PairCount {
  modelA: string;
  modelB: string;
  outcome: Outcome;
  count: number;
  /** Sum of inverse-propensity weights (1/p) of these battles; required when `ipw` is on. */
  weight?: number;
  /** Sum of squared weights; sandwich CIs under IPW need it. Defaults to weight²/count. */
  weightSq?: number;
}

/** A battle with per-side raw style counts, e.g. `{ sum_assistant_tokens: [812, 240] }`. */
export interface StyleBattle {
  modelA: string;
  modelB: string;
  outcome: Outcome;
  features: Record<string, readonly [number, number]>;
  count?: number;
  /** Sum of IPW weights of the `count` battles (see PairCount.weight). */
  weight?: number;
  weightSq?: number;
}

export type CiMethod = "bootstrap" | "sandwich" | "none";
export type BootstrapMethod = "multinomial" | "poisson";

export interface LeaderboardOptions {
  ci: CiMethod;
  /** Bootstrap rounds (default 1000). */
  rounds?: number;
  /** Seed of the bootstrap RNG (default 0); each round has its own stream, so results do not depend on threads. */
  seed?: number;
  bootstrapMethod?: BootstrapMethod;
  /** L2 penalty ½·ridge·Σr² on log10-unit ratings r = (R − 1000)/400; 0.5 is sklearn's C=1 convention. */
  ridge?: number;
  /** Pin this model's rating; its connected group is shifted, other groups keep mean 1000. */
  anchor?: { model: string; rating: number };
  /** Hide models with fewer battles from the leaderboard and matrices (they are still fitted). */
  minVotes?: number;
  /** Fit with inverse-propensity weights normalised to total weight N (needs PairCount.weight). */
  ipw?: boolean;
  /**
   * Ridge (log10 units) used only when a data set has no finite MLE (some models never win or never
   * lose against the rest) — for the full data and for such bootstrap resamples. Default 0.05.
   */
  separationRidge?: number;
}

export interface StyleOptions extends LeaderboardOptions {
  /** Feature names, in coefficient order. Default: the keys of the first row. */
  features?: string[];
}

export interface LeaderboardRow {
  model: string;
  rating: number;
  ciLower: number | null;
  ciUpper: number | null;
  rankUb: number;
  numBattles: number;
}

export interface StyleCoefficient {
  feature: string;
  /** Logit change per standard deviation of the normalised feature difference. */
  coef: number;
  ciLower: number | null;
  ciUpper: number | null;
  /** The same effect in Elo points (coef · 400/ln 10). */
  eloPerSd: number;
}

export interface LeaderboardMeta {
  mode: "bt" | "style";
  ci: CiMethod;
  rounds: number | null;
  seed: number;
  bootstrapMethod: BootstrapMethod | null;
  iterations: number;
  converged: boolean;
  loss: number;
  gradInf: number;
  /** Connected groups of models (each has mean 1000 unless it holds the anchor), largest first. */
  groups: string[][];
  /** True when the data had no finite MLE and `separationRidge` was applied to the main fit. */
  separated: boolean;
  /** Rounds without a finite MLE (fitted with `separationRidge`) plus rounds the solver could not converge. */
  bootstrapNonconvergedRounds: number;
  /** Of those, the rounds whose resample had a group of models that never won or never lost. */
  bootstrapSeparatedRounds: number;
  nBattles: number;
  nSelfBattlesDropped: number;
  /** Of nBattles, the "tie (bothbad)" outcomes (fitted as ties). */
  nBothBad: number;
  /** Models seen only in self-battles: nothing to rate them on. */
  modelsWithoutBattles: string[];
  nModels: number;
  nCells: number;
  ridge: number;
  anchor: { model: string; rating: number } | null;
  minVotes: number;
  hiddenModels: string[];
  ipw: boolean;
  styleFeatures?: string[];
  /** Features whose normalised difference was constant (coefficient fixed at 0). */
  constantFeatures?: string[];
  timingMs: Record<string, number>;
}

export interface LeaderboardResult {
  leaderboard: LeaderboardRow[];
  /** Order of the rows and columns of every matrix: the leaderboard order. */
  models: string[];
  /** Share of non-tie battles row model won against column model; null where none. */
  winRateNoTies: (number | null)[][];
  /** Bradley-Terry P(row beats column); null across disconnected groups. */
  predictedWinRate: (number | null)[][];
  battleCount: number[][];
  battleCountNoTies: number[][];
  styleCoefficients?: StyleCoefficient[];
  meta: LeaderboardMeta;
}
