import type { ModelInfo } from "@/lib/db/leaderboard";
import type { BoardRow, SnapshotResult } from "./types";

/** Joins a snapshot's rows with model metadata and, when present, the style-controlled snapshot. */
export function buildBoardRows(
  plain: SnapshotResult,
  style: SnapshotResult | null,
  models: ModelInfo[],
): BoardRow[] {
  const info = new Map(models.map((m) => [m.slug, m]));
  const styled = new Map((style?.rows ?? []).map((r) => [r.model, r]));
  return plain.rows.map((r) => {
    const m = info.get(r.model);
    const s = styled.get(r.model);
    return {
      ...r,
      displayName: m?.displayName ?? r.model,
      organization: m?.organization ?? null,
      license: m?.license ?? null,
      openWeights: m?.openWeights ?? false,
      status: m?.status ?? "active",
      style: s ? { rating: s.rating, ciLower: s.ciLower, ciUpper: s.ciUpper, rankUb: s.rankUb } : null,
    };
  });
}

/** The top `n` models of a matrix, in leaderboard order, with the sub-matrices. */
export function topOfMatrix<T>(
  models: string[],
  values: T[][],
  keep: string[],
): { models: string[]; values: T[][] } {
  const idx = keep.map((m) => models.indexOf(m)).filter((i) => i >= 0);
  return { models: idx.map((i) => models[i]), values: idx.map((i) => idx.map((j) => values[i][j])) };
}

/** The leaderboard page of a category: a path segment, so each category's page can be cached. */
export function leaderboardHref(category: string): string {
  return category === "overall" ? "/leaderboard" : `/leaderboard/${encodeURIComponent(category)}`;
}
