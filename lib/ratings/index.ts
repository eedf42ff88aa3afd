/**
 * Ratings engine: Bradley-Terry (Elo scale) with bootstrap or sandwich CIs, style control, IPW.
 * Pure maths; Node-only helpers (file reader, worker threads) live in reader.ts / parallel.ts and
 * are loaded lazily by runInWorker so this module stays importable anywhere.
 */
import { pairDataFromCounts } from "./battles";
import { computeBtFromPairs, finishBt, prepareBt } from "./bt-engine";
import { computeStyleFromRows, finishStyle, prepareStyle } from "./style-engine";
import { styleRowsFromBattles } from "./style-rows";
import type { LeaderboardOptions, LeaderboardResult, PairCount, StyleBattle, StyleOptions } from "./types";

export { aggregateBattles, filterBattles } from "./battles";
export { type Rng, rngForRound, Xoshiro128 } from "./rng";
export * from "./types";

/** Bradley-Terry leaderboard from aggregated counts (synchronous). */
export function computeLeaderboard(
  counts: readonly PairCount[],
  opts: LeaderboardOptions,
): LeaderboardResult {
  return computeBtFromPairs(pairDataFromCounts(counts, !!opts.ipw), opts);
}

/** Style-controlled leaderboard (default ridge 0.5, the reference's penalty); sandwich or bootstrap CIs. */
export function computeStyleLeaderboard(rows: readonly StyleBattle[], opts: StyleOptions): LeaderboardResult {
  const { pd, rows: data } = styleRowsFromBattles(rows, opts.features, !!opts.ipw);
  return computeStyleFromRows(pd, data, opts);
}

export type WorkerTask =
  | { kind: "bt"; counts: readonly PairCount[]; options: LeaderboardOptions }
  | { kind: "style"; rows: readonly StyleBattle[]; options: StyleOptions };

export interface WorkerOptions {
  /** Worker threads for the bootstrap rounds (default 2). */
  threads?: number;
  /** Entry module that calls serveJobs(); default: ./worker.ts (or .js) next to this file. */
  workerUrl?: URL;
}

/**
 * Same result as computeLeaderboard / computeStyleLeaderboard (bit-identical for a seed), with
 * the bootstrap rounds on worker threads so the caller's event loop stays free. The fit and the
 * sandwich run on the calling thread (milliseconds). Node only.
 */
export async function runInWorker(task: WorkerTask, wopts: WorkerOptions = {}): Promise<LeaderboardResult> {
  const { WorkerPool, runRoundsParallel } = await import("./parallel");
  const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  const url = wopts.workerUrl ?? new URL(`./worker${ext}`, import.meta.url);
  const threads = Math.max(1, wopts.threads ?? 2);
  if (task.kind === "bt") {
    const prep = prepareBt(pairDataFromCounts(task.counts, !!task.options.ipw), task.options);
    if (!prep.setup) return finishBt(prep, null);
    const pool = new WorkerPool(url, threads);
    try {
      const t0 = performance.now();
      const rounds = await runRoundsParallel(prep.setup, prep.rounds, pool, false);
      prep.timingMs.ci = performance.now() - t0;
      return finishBt(prep, rounds);
    } finally {
      await pool.close();
    }
  }
  const { pd, rows } = styleRowsFromBattles(task.rows, task.options.features, !!task.options.ipw);
  const prep = prepareStyle(pd, rows, task.options);
  if (!prep.setup) return finishStyle(prep, null);
  const pool = new WorkerPool(url, threads);
  try {
    const t0 = performance.now();
    const rounds = await runRoundsParallel(prep.setup, prep.rounds, pool, false);
    prep.timingMs.ci = performance.now() - t0;
    return finishStyle(prep, rounds);
  } finally {
    await pool.close();
  }
}
