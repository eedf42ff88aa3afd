// The stored shape of a snapshot's `result` (version 1). Pages and the API read this,
// never the engine's internal types, so the engine can change without old snapshots
// becoming unreadable.

export interface SnapshotRow {
  model: string;
  rating: number;
  ciLower: number | null;
  ciUpper: number | null;
  rankUb: number;
  numBattles: number;
}

export interface SnapshotResult {
  version: 1;
  rows: SnapshotRow[];
  /** Connected groups of models; each group's mean rating is 1000. */
  groups: string[][];
  numVotes: number;
  numExcluded: number;
  ci: "bootstrap" | "sandwich" | "none";
  rounds: number | null;
  iterations: number;
  converged: boolean;
  bootstrapNonconvergedRounds: number | null;
  /** Rows/columns in `models` order (the leaderboard order); absent in early snapshots. */
  matrices?: SnapshotMatrices;
  /** Style-controlled snapshots only: logit change per SD of each normalised feature. */
  styleCoefficients?: SnapshotStyleCoefficient[];
}

export interface SnapshotMatrices {
  models: string[];
  /** Share of non-tie battles the row model won against the column model; null where none. */
  winRateNoTies: (number | null)[][];
  /** Bradley-Terry P(row beats column); null across disconnected groups. */
  predictedWinRate: (number | null)[][];
  battleCount: number[][];
  battleCountNoTies: number[][];
}

export interface SnapshotStyleCoefficient {
  feature: string;
  coef: number;
  ciLower: number | null;
  ciUpper: number | null;
  eloPerSd: number;
}

/** A snapshot row joined with model metadata and the style-controlled rating, for the page. */
export interface BoardRow {
  model: string;
  displayName: string;
  organization: string | null;
  license: string | null;
  openWeights: boolean;
  status: "active" | "paused" | "deprecated";
  rating: number;
  ciLower: number | null;
  ciUpper: number | null;
  /** Within the model's connected group (see rankWithinGroups), not over the whole snapshot. */
  rankUb: number;
  numBattles: number;
  /** Connected group, from 0; ratings compare only within a group. */
  group: number;
  style: { rating: number; ciLower: number | null; ciUpper: number | null; rankUb: number } | null;
}
