import "server-only";
import { evictCachedRoutes } from "@/lib/cache/route-cache";
import { createSnapshotFromJson, readCategoryAggregates, readStyleRows } from "@/lib/db/leaderboard";
import { clearReadCache } from "@/lib/db/read-cache";
import { fitAll } from "./fit";
import type { FitJob } from "./fit-job";
import { CODE_VERSION } from "./version";

export interface RecomputeParams {
  ci: "bootstrap" | "sandwich" | "none";
  rounds: number;
  seed: number;
}

export const DEFAULT_PARAMS: RecomputeParams = { ci: "bootstrap", rounds: 1000, seed: 0 };

export interface RecomputeSummary {
  categories: { category: string; numVotes: number; models: number }[];
  ms: number;
}

/**
 * Fits every category from the trigger-maintained aggregates and stores one snapshot
 * each. Pages only ever read snapshots; this is the one place the app computes ratings.
 */
export async function recomputeLeaderboards(
  params: RecomputeParams = DEFAULT_PARAMS,
): Promise<RecomputeSummary> {
  const started = performance.now();
  const [aggregates, styleRows] = await Promise.all([readCategoryAggregates(), readStyleRows()]);
  // "overall" always gets a snapshot, so excluding every vote empties the board instead of freezing it.
  if (!aggregates.some((a) => a.category === "overall")) {
    aggregates.unshift({ category: "overall", numVotes: 0, numExcluded: 0, idsum: "0", cellsJson: "[]" });
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
    idsum: byCategory.get(r.category)?.idsum ?? "0",
    cellsJson: r.rowsJson,
    rounds: null,
    options: { ci: "sandwich", seed: params.seed },
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
  clearReadCache();
  evictCachedRoutes("/leaderboard");
  return { categories, ms: Math.round(performance.now() - started) };
}

// One debounced recompute per server process: votes arriving during the wait or
// during a run fold into the next run instead of queueing one run each.
const state = globalThis as unknown as {
  __arenaRecompute?: { timer: NodeJS.Timeout | null; running: boolean; again: boolean };
};

export function scheduleRecompute(delayMs: number): void {
  state.__arenaRecompute ??= { timer: null, running: false, again: false };
  const s = state.__arenaRecompute;
  if (s.running) {
    s.again = true;
    return;
  }
  if (s.timer) clearTimeout(s.timer);
  s.timer = setTimeout(async () => {
    s.timer = null;
    s.running = true;
    try {
      await recomputeLeaderboards();
    } catch (error) {
      console.error("leaderboard recompute failed", error);
    } finally {
      s.running = false;
      if (s.again) {
        s.again = false;
        scheduleRecompute(delayMs);
      }
    }
  }, delayMs);
  s.timer.unref?.();
}
