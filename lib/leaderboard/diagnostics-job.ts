import "server-only";
import { flagLowQualityVoters } from "@/lib/abuse/voter-quality-flags";
import {
  getLatestDiagnostics,
  readCriterionVotes,
  readDiagnosticVotes,
  saveDiagnostics,
} from "@/lib/db/diagnostics";
import { votesVersion } from "@/lib/db/leaderboard-freshness";
import { clearReadCache } from "@/lib/db/read-cache";
import { env } from "@/lib/env";
import { computeDiagnostics, DIAGNOSTICS_VERSION, type DiagnosticsReport } from "./diagnostics-report";

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
      readDiagnosticVotes({ category }),
      readCriterionVotes({ category }),
    ]);
    // Yield once so the request that triggered this is answered before the maths starts.
    await new Promise((r) => setImmediate(r));
    const report = computeDiagnostics(category, votes, undefined, criterionVotes);
    await saveDiagnostics({
      category,
      votesVersion: seen.version,
      numVotes: votes.length,
      durationMs: Math.round(performance.now() - started),
      resultJson: JSON.stringify(report),
    });
    clearReadCache();
    // Every counted vote is in "overall": its voter-quality rows feed the abuse flags.
    if (category === "overall") await flagLowQualityVoters(report.voterQuality);
  })().finally(() => running.delete(category));
  running.set(category, job);
  return job;
}
