import "server-only";
import { STYLE_FEATURES } from "@/lib/arena/style-of-battle";
import { createSnapshotFromJson, readCategoryAggregates, readStyleRows } from "@/lib/db/leaderboard";
import {
  getRecomputeState,
  saveRecomputeState,
  votesVersion,
  withRecomputeLock,
} from "@/lib/db/leaderboard-freshness";
import { primaryLsn, raiseSnapshotFence, replicaConfigured } from "@/lib/db/replica";
import { evictSnapshotCaches, publishSignal } from "@/lib/instances/instance";
import type { FitJob } from "@/lib/ratings/io/fit-job";
import { fitAll } from "./fit";
import { CODE_VERSION } from "./version";

export { readFreshness, scheduleRecompute } from "./schedule";

export interface RecomputeParams {
  ci: "bootstrap" | "sandwich" | "none";
  rounds: number;
  seed: number;
}

export const DEFAULT_PARAMS: RecomputeParams = { ci: "bootstrap", rounds: 1000, seed: 0 };

export interface RecomputeSummary {
  /** "busy": another process held the recompute lock; "unchanged": no vote changed since the last run. */
  status: "ok" | "busy" | "unchanged";
  categories: { category: string; numVotes: number; models: number }[];
  ms: number;
}

/**
 * Fits every category from the trigger-maintained aggregates and stores one snapshot
 * each. Pages only ever read snapshots; this is the one place the app computes ratings.
 * One run at a time across every app instance (a Postgres advisory lock): a second
 * caller gets "busy" at once instead of waiting. With `ifChanged`, a run whose votes
 * fingerprint equals the last run's only records that the board is current.
 */
export async function recomputeLeaderboards(
  params: RecomputeParams = DEFAULT_PARAMS,
  { ifChanged = false }: { ifChanged?: boolean } = {},
): Promise<RecomputeSummary> {
  const started = performance.now();
  const locked = await withRecomputeLock(async () => {
    const seen = await votesVersion();
    if (ifChanged && (await getRecomputeState())?.votesVersion === seen.version) {
      await saveRecomputeState({ votesUntil: seen.at, votesVersion: seen.version, durationMs: 0 });
      return { status: "unchanged" as const, categories: [] };
    }
    const categories = await fitAndStore(params);
    await saveRecomputeState({
      votesUntil: seen.at,
      votesVersion: seen.version,
      durationMs: Math.round(performance.now() - started),
    });
    return { status: "ok" as const, categories };
  });
  const ms = Math.round(performance.now() - started);
  if (locked.busy) return { status: "busy", categories: [], ms };
  if (locked.value.status === "ok") await evictStalePages();
  return { ...locked.value, ms };
}

async function fitAndStore(params: RecomputeParams): Promise<RecomputeSummary["categories"]> {
  const [aggregates, styleRows] = await Promise.all([readCategoryAggregates(), readStyleRows()]);
  // "overall" always gets a snapshot, so excluding every vote empties the board instead of freezing it.
  if (!aggregates.some((a) => a.category === "overall")) {
    aggregates.unshift({
      category: "overall",
      numVotes: 0,
      numExcluded: 0,
      excludedByReason: {},
      idsum: "0",
      cellsJson: "[]",
    });
  }
  const plainJobs: FitJob[] = aggregates.map((a) => ({
    ...a,
    kind: "plain",
    rounds: params.rounds,
    options: { ...params },
  }));
  // Style control: the field's default of sandwich intervals (ridge 0.5 is the engine's default for it).
  const byCategory = new Map(aggregates.map((a) => [a.category, a]));
  const styleJobs: FitJob[] = styleRows.map((r) => ({
    kind: "style",
    category: r.category,
    numVotes: r.numVotes,
    numExcluded: byCategory.get(r.category)?.numExcluded ?? 0,
    excludedByReason: byCategory.get(r.category)?.excludedByReason ?? {},
    idsum: byCategory.get(r.category)?.idsum ?? "0",
    cellsJson: r.rowsJson,
    rounds: null,
    options: { ci: "sandwich", seed: params.seed },
    features: [...STYLE_FEATURES],
  }));
  const jobs = [...plainJobs, ...styleJobs];
  const results = await fitAll(jobs);
  const categories: RecomputeSummary["categories"] = [];
  for (const [i, job] of jobs.entries()) {
    await createSnapshotFromJson({
      category: job.category,
      kind: job.kind,
      params: { ...job.options },
      voteSetHash: results[i].voteSetHash,
      codeVersion: CODE_VERSION,
      numVotes: job.numVotes,
      resultJson: results[i].resultJson,
    });
    if (job.kind === "plain") {
      categories.push({ category: job.category, numVotes: job.numVotes, models: results[i].models });
    }
  }
  return categories;
}

/**
 * Here at once, and on every other instance through the signal bus (within a second).
 * With a read replica, the signal carries the primary's WAL position after the new
 * snapshots: no instance reads snapshots from a replica that has not replayed them yet.
 */
async function evictStalePages(): Promise<void> {
  const lsn = replicaConfigured() ? await primaryLsn().catch(() => undefined) : undefined;
  if (lsn) raiseSnapshotFence(lsn);
  evictSnapshotCaches();
  void publishSignal({ type: "snapshot", lsn });
}
