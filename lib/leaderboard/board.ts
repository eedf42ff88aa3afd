import type { ModelInfo } from "@/lib/db/leaderboard";
import type { SnapshotResult } from "@/lib/ratings/snapshot";
import type { BoardRow } from "./types";

export interface GroupRank {
  /** The model's connected group, numbered from 0 (largest first) over groups with a shown row. */
  group: number;
  /** 1 + the models of the same group whose lower bound is above this model's upper bound. */
  rankUb: number;
}

/**
 * Rank (UB) within each connected group. Models that never met, even through others, have
 * ratings on unrelated scales (each group is centred at 1000 on its own), so a snapshot's
 * rank_ub, counted over every model, compares numbers that mean nothing side by side.
 */
export function rankWithinGroups(result: Pick<SnapshotResult, "rows" | "groups">): Map<string, GroupRank> {
  const groupOf = new Map<string, number>();
  result.groups.forEach((members, k) => {
    for (const m of members) groupOf.set(m, k);
  });
  const shown = [...new Set(result.rows.map((r) => groupOf.get(r.model) ?? -1))].sort((a, b) => a - b);
  const number = new Map(shown.map((g, k) => [g, k]));
  const out = new Map<string, GroupRank>();
  for (const r of result.rows) {
    const g = groupOf.get(r.model) ?? -1;
    let above = 0;
    for (const o of result.rows)
      if ((groupOf.get(o.model) ?? -1) === g && (o.ciLower ?? o.rating) > (r.ciUpper ?? r.rating)) above++;
    out.set(r.model, { group: number.get(g) ?? 0, rankUb: 1 + above });
  }
  return out;
}

/** Joins a snapshot's rows with model metadata and, when present, the style-controlled snapshot. */
export function buildBoardRows(
  plain: SnapshotResult,
  style: SnapshotResult | null,
  models: ModelInfo[],
): BoardRow[] {
  const info = new Map(models.map((m) => [m.slug, m]));
  const styled = new Map((style?.rows ?? []).map((r) => [r.model, r]));
  const ranks = rankWithinGroups(plain);
  const styleRanks = style ? rankWithinGroups(style) : null;
  return plain.rows.map((r) => {
    const m = info.get(r.model);
    const s = styled.get(r.model);
    const rank = ranks.get(r.model);
    return {
      ...r,
      rankUb: rank?.rankUb ?? r.rankUb,
      group: rank?.group ?? 0,
      displayName: m?.displayName ?? r.model,
      organization: m?.organization ?? null,
      license: m?.license ?? null,
      openWeights: m?.openWeights ?? false,
      status: m?.status ?? "active",
      style: s
        ? {
            rating: s.rating,
            ciLower: s.ciLower,
            ciUpper: s.ciUpper,
            rankUb: styleRanks?.get(s.model)?.rankUb ?? s.rankUb,
          }
        : null,
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
