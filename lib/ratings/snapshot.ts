// The stored shape of a leaderboard snapshot (its `result` is version 1). Pages and the
// API read this, never the engine's internal types, so the engine can change without
// old snapshots becoming unreadable; readSnapshotResult is the one place that checks a
// stored result before anything reads it.

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
  /** Excluded votes by stored reason ("voter quarantined: …", "named battle", …); absent in early snapshots. */
  excludedByReason?: Record<string, number>;
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

/** A stored snapshot as the pages and the API read it. */
export interface Snapshot {
  id: string;
  category: string;
  kind: "plain" | "style";
  params: Record<string, unknown>;
  voteSetHash: string;
  codeVersion: string;
  numVotes: number;
  createdAt: Date;
  result: SnapshotResult;
}

/**
 * A stored `result` if it has the shape this code reads (version 1), else null: a
 * snapshot written by a future version, or damaged, reads as "no snapshot yet" (the
 * next recompute writes a readable one) instead of failing deep inside a page.
 */
export function readSnapshotResult(json: unknown): SnapshotResult | null {
  if (json === null || typeof json !== "object") return null;
  const r = json as Partial<SnapshotResult>;
  const ok =
    r.version === 1 &&
    Array.isArray(r.rows) &&
    Array.isArray(r.groups) &&
    typeof r.numVotes === "number" &&
    typeof r.ci === "string";
  return ok ? (r as SnapshotResult) : null;
}
