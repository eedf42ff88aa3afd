// The app's whole per-category fit as one plain-data job, so it can run either inline or
// on a ratings worker thread (pool.ts): JSON parsing of the aggregated cells, the vote-set
// hash, the fit with its bootstrap or sandwich and the serialised snapshot all stay off
// the server's event loop.
import { createHash } from "node:crypto";
import type { Outcome as StoredOutcome } from "@/lib/arena/sides";
import { computeLeaderboard, computeStyleLeaderboard } from "../index";
import type { SnapshotResult } from "../snapshot";
import type { LeaderboardOptions, LeaderboardResult, Outcome, PairCount, StyleBattle } from "../types";

export interface FitJob {
  kind: "plain" | "style";
  category: string;
  numVotes: number;
  numExcluded: number;
  /** Excluded votes by reason (vote_exclusion_counts). */
  excludedByReason: Record<string, number>;
  /** Sum of per-vote hashes of the counted votes (an order-independent fingerprint), as text. */
  idsum: string;
  /**
   * plain: JSON array of [modelA, modelB, outcome a|b|tie|both_bad, count, sumOfInversePairProbabilities];
   * style: JSON array of [modelA, modelB, outcome, count, {feature: [a, b]}].
   */
  cellsJson: string;
  /** Bootstrap rounds to record in the snapshot (null for other CIs). */
  rounds: number | null;
  options: LeaderboardOptions;
  /** style: the covariates, by name, of each cell's feature object. */
  features?: string[];
}

export interface FitJobResult {
  category: string;
  voteSetHash: string;
  models: number;
  /** The snapshot's `result`, serialised here so the server thread only passes a string on. */
  resultJson: string;
}

export function toSnapshotResult(job: FitJob, fit: LeaderboardResult): SnapshotResult {
  return {
    version: 1,
    rows: fit.leaderboard,
    groups: fit.meta.groups,
    numVotes: job.numVotes,
    numExcluded: job.numExcluded,
    excludedByReason: job.excludedByReason,
    ci: fit.meta.ci,
    rounds: fit.meta.ci === "bootstrap" ? job.rounds : null,
    iterations: fit.meta.iterations,
    converged: fit.meta.converged,
    bootstrapNonconvergedRounds: fit.meta.ci === "bootstrap" ? fit.meta.bootstrapNonconvergedRounds : null,
    matrices: {
      models: fit.models,
      winRateNoTies: fit.winRateNoTies,
      predictedWinRate: fit.predictedWinRate,
      battleCount: fit.battleCount,
      battleCountNoTies: fit.battleCountNoTies,
    },
    styleCoefficients: fit.styleCoefficients,
  };
}

// The fit reads cells in stored order (model A = battles.model_a_id, a random draw, not the
// left model), so its "model_a" here is stored side a — unlike the dumps' model_a (left).
const WINNER: Record<StoredOutcome, Outcome> = {
  a: "model_a",
  b: "model_b",
  tie: "tie",
  both_bad: "tie (bothbad)",
};

export function parseCells(cellsJson: string): PairCount[] {
  const cells = JSON.parse(cellsJson) as [string, string, StoredOutcome, number, number][];
  return cells.map(([modelA, modelB, outcome, count, weight]) => ({
    modelA,
    modelB,
    outcome: WINNER[outcome],
    count,
    weight,
  }));
}

export function parseStyleRows(rowsJson: string): StyleBattle[] {
  const rows = JSON.parse(rowsJson) as [
    string,
    string,
    StoredOutcome,
    number,
    Record<string, [number, number]>,
  ][];
  return rows.map(([modelA, modelB, outcome, count, features]) => ({
    modelA,
    modelB,
    outcome: WINNER[outcome],
    count,
    features,
  }));
}

/** Same votes => same hash: the count, the id fingerprint and the sorted cells. */
export function voteSetHash(numVotes: number, idsum: string, cellsJson: string): string {
  return createHash("sha256").update(`${numVotes}|${idsum}|${cellsJson}`).digest("hex").slice(0, 32);
}

export function runFitJob(job: FitJob): FitJobResult {
  const fit =
    job.kind === "style"
      ? computeStyleLeaderboard(parseStyleRows(job.cellsJson), { ...job.options, features: job.features })
      : computeLeaderboard(parseCells(job.cellsJson), job.options);
  return {
    category: job.category,
    voteSetHash: voteSetHash(job.numVotes, job.idsum, job.cellsJson),
    models: fit.leaderboard.length,
    resultJson: JSON.stringify(toSnapshotResult(job, fit)),
  };
}
