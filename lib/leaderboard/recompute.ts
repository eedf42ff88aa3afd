import "server-only";
import { aggregateVotesByCategory, createSnapshot } from "@/lib/db/leaderboard";
import { fitLeaderboard } from "./fit";
import type { SnapshotResult } from "./types";
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
 * Fits every category from SQL-aggregated counts and stores one snapshot each. Pages
 * only ever read snapshots; this is the one place ratings are computed for the app.
 */
export async function recomputeLeaderboards(
  params: RecomputeParams = DEFAULT_PARAMS,
): Promise<RecomputeSummary> {
  const started = performance.now();
  const aggregates = await aggregateVotesByCategory();
  // "overall" always gets a snapshot, so excluding every vote empties the board instead of freezing it.
  if (!aggregates.has("overall"))
    aggregates.set("overall", { counts: [], numVotes: 0, numExcluded: 0, voteSetHash: "" });
  const categories: RecomputeSummary["categories"] = [];
  for (const [category, agg] of [...aggregates].sort(([a], [b]) =>
    a === "overall" ? -1 : b === "overall" ? 1 : a.localeCompare(b),
  )) {
    const fit = await fitLeaderboard(agg.counts, { ci: params.ci, rounds: params.rounds, seed: params.seed });
    const result: SnapshotResult = {
      version: 1,
      rows: fit.leaderboard,
      groups: fit.meta.groups,
      numVotes: agg.numVotes,
      numExcluded: agg.numExcluded,
      ci: params.ci,
      rounds: params.ci === "bootstrap" ? params.rounds : null,
      iterations: fit.meta.iterations,
      converged: fit.meta.converged,
      bootstrapNonconvergedRounds: params.ci === "bootstrap" ? fit.meta.bootstrapNonconvergedRounds : null,
      matrices: {
        models: fit.models,
        winRateNoTies: fit.winRateNoTies,
        predictedWinRate: fit.predictedWinRate,
        battleCount: fit.battleCount,
        battleCountNoTies: fit.battleCountNoTies,
      },
    };
    await createSnapshot({
      category,
      kind: "plain",
      params: { ...params },
      voteSetHash: agg.voteSetHash,
      codeVersion: CODE_VERSION,
      numVotes: agg.numVotes,
      result,
    });
    categories.push({ category, numVotes: agg.numVotes, models: result.rows.length });
  }
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
