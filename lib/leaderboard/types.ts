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
}
