/**
 * Ratings engine: Bradley-Terry (Elo scale) with bootstrap or sandwich CIs, style control, IPW.
 * Pure maths, importable anywhere; everything that touches Node (file reading, the battle-file
 * parser, worker threads, the app's fit job) lives in io/.
 */
import { pairDataFromCounts } from "./battles";
import { computeBtFromPairs } from "./bt-engine";
import { computeStyleFromRows } from "./style-engine";
import { styleRowsFromBattles } from "./style-rows";
import type { LeaderboardOptions, LeaderboardResult, PairCount, StyleBattle, StyleOptions } from "./types";

export { aggregateBattles, filterBattles } from "./battles";
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
