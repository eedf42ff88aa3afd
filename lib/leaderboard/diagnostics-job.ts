import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { flagLowQualityVoters } from "@/lib/abuse/voter-quality-flags";
import {
  getLatestDiagnostics,
  readCriterionVotes,
  readDiagnosticColumns,
  saveDiagnostics,
} from "@/lib/db/diagnostics";
import { votesVersion } from "@/lib/db/leaderboard-freshness";
import { clearReadCache } from "@/lib/db/read-cache";
import { env } from "@/lib/env";
import { type DiagnosticColumns, fromColumns } from "@/lib/ratings/diagnostics/columns";
import type { CriterionVote } from "@/lib/ratings/diagnostics/criteria";
import { WorkerPool } from "@/lib/ratings/io/pool";
import {
  computeDiagnostics,
  DEFAULT_DIAGNOSTICS_PARAMS,
  DIAGNOSTICS_VERSION,
  type DiagnosticsReport,
  REPORT_FEATURES,
} from "./diagnostics-report";

const WORKER_FILE = path.join(/* turbopackIgnore: true */ process.cwd(), ".next", "ratings-worker.mjs");
/** From this many votes the report is computed on a worker thread (when there is one): it takes seconds. */
const WORKER_MIN_VOTES = 20_000;
const workerOverride = globalThis as {
  __arenaDiagnosticsWorker?: { url: URL; minVotes: number } | null;
};

/**
 * Computes reports of `minVotes` votes or more on a worker started from `url` (benches and
 * tests pass the .ts entry); null: the default.
 */
export function setDiagnosticsWorker(url: URL | null, minVotes = WORKER_MIN_VOTES): void {
  workerOverride.__arenaDiagnosticsWorker = url ? { url, minVotes } : null;
}

/**
 * The report as JSON: on a ratings worker thread for a large category under `next start`
 * (the bundled worker, as for the leaderboard fits), so the request thread is not held for
 * the seconds it takes; inline otherwise. Same code, same numbers either way.
 */
async function reportJson(
  category: string,
  columns: DiagnosticColumns,
  criterionVotes: CriterionVote[],
): Promise<string> {
  const override = workerOverride.__arenaDiagnosticsWorker;
  const url =
    override?.url ??
    (process.env.NODE_ENV === "production" && existsSync(WORKER_FILE) ? pathToFileURL(WORKER_FILE) : null);
  if (!url || columns.n < (override?.minVotes ?? WORKER_MIN_VOTES))
    return JSON.stringify(
      computeDiagnostics(category, fromColumns(columns), DEFAULT_DIAGNOSTICS_PARAMS, criterionVotes),
    );
  const pool = new WorkerPool(url, 1);
  try {
    return await pool.run<string>(0, {
      kind: "diagnostics",
      category,
      columns,
      criterionVotes,
      params: DEFAULT_DIAGNOSTICS_PARAMS,
      features: REPORT_FEATURES,
    });
  } finally {
    await pool.close();
  }
}

const running = new Map<string, Promise<void>>();

export interface DiagnosticsView {
  report: DiagnosticsReport | null;
  computedAt: Date | null;
  durationMs: number | null;
  /** The votes changed since (a newer report is on its way, or due after the interval). */
  stale: boolean;
}

/**
 * The newest stored diagnostics of a category, without waiting for any computation: when
 * they are missing or behind the votes (and the last is older than the interval), a
 * background refresh is started and the caller gets what is stored now. One refresh per
 * category per process at a time.
 */
export async function readDiagnostics(category: string): Promise<DiagnosticsView> {
  const [stored, seen] = await Promise.all([getLatestDiagnostics({ category }), votesVersion()]);
  const report =
    stored && (stored.result as { version?: number })?.version === DIAGNOSTICS_VERSION
      ? (stored.result as DiagnosticsReport)
      : null;
  const stale = !report || stored?.votesVersion !== seen.version;
  if (stale && (!stored || Date.now() - stored.createdAt.getTime() >= env().ARENA_DIAGNOSTICS_INTERVAL_MS)) {
    void refreshDiagnostics(category).catch((error) => console.error("diagnostics refresh failed", error));
  }
  return {
    report,
    computedAt: report ? (stored?.createdAt ?? null) : null,
    durationMs: report ? (stored?.durationMs ?? null) : null,
    stale,
  };
}

/** Computes and stores one category's diagnostics (joins a refresh already running here). */
export function refreshDiagnostics(category: string): Promise<void> {
  const current = running.get(category);
  if (current) return current;
  const job = (async () => {
    const started = performance.now();
    const seen = await votesVersion();
    const [votes, criterionVotes] = await Promise.all([
      readDiagnosticColumns({ category, features: [...REPORT_FEATURES.style, ...REPORT_FEATURES.traits] }),
      readCriterionVotes({ category }),
    ]);
    // Yield once so the request that triggered this is answered before the maths starts.
    await new Promise((r) => setImmediate(r));
    const resultJson = await reportJson(category, votes, criterionVotes);
    await saveDiagnostics({
      category,
      votesVersion: seen.version,
      numVotes: votes.n,
      durationMs: Math.round(performance.now() - started),
      resultJson,
    });
    clearReadCache();
    // Every counted vote is in "overall": its voter-quality rows feed the abuse flags.
    if (category === "overall")
      await flagLowQualityVoters((JSON.parse(resultJson) as DiagnosticsReport).voterQuality);
  })().finally(() => running.delete(category));
  running.set(category, job);
  return job;
}
