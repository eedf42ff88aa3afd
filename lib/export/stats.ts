import type { Outcome } from "@/lib/arena/sides";
import type { ExportFormatId } from "./types";

// Vote counts under a set of filters, as lib/db/export.ts returns them: a handful
// of groups (never individual votes) from which every figure on /data and in the
// dataset card is derived here, so the page, the card and the tests agree.

export interface VoteGroup {
  counted: boolean;
  reason: string | null;
  outcome: Outcome;
  named: boolean;
  multiTurn: boolean;
  votes: number;
}

export interface CategoryCount {
  tag: string;
  total: number;
  counted: number;
}

export interface ExportStats {
  groups: VoteGroup[];
  categories: CategoryCount[];
  firstVoteAt: Date | null;
  lastVoteAt: Date | null;
  /** When the votes were counted. */
  countedAt: Date;
  /** Votes have changed since: served while a recount runs (getExportStats's maxStaleMs). */
  stale?: boolean;
}

export interface StatsSummary {
  total: number;
  counted: number;
  excluded: number;
  byReason: { reason: string; votes: number }[];
  named: number;
  multiTurn: number;
  /** Outcomes of the votes a dump contains (counted ones, or all with include_excluded). */
  outcomes: Record<Outcome, number>;
}

const sum = (groups: VoteGroup[]) => groups.reduce((n, g) => n + g.votes, 0);

export function summarize(stats: ExportStats, includeExcluded: boolean): StatsSummary {
  const { groups } = stats;
  const reasons = new Map<string, number>();
  for (const g of groups)
    if (!g.counted)
      reasons.set(g.reason ?? "unspecified", (reasons.get(g.reason ?? "unspecified") ?? 0) + g.votes);
  const included = groups.filter((g) => includeExcluded || g.counted);
  const outcomes: Record<Outcome, number> = { a: 0, b: 0, tie: 0, both_bad: 0 };
  for (const g of included) outcomes[g.outcome] += g.votes;
  return {
    total: sum(groups),
    counted: sum(groups.filter((g) => g.counted)),
    excluded: sum(groups.filter((g) => !g.counted)),
    byReason: [...reasons]
      .map(([reason, votes]) => ({ reason, votes }))
      .sort((x, y) => y.votes - x.votes || x.reason.localeCompare(y.reason)),
    named: sum(groups.filter((g) => g.named)),
    multiTurn: sum(groups.filter((g) => g.multiTurn)),
    outcomes,
  };
}

/** Rows a dump in `format` holds for these counts (the formatters' row rules, in aggregate). */
export function expectedRows(format: ExportFormatId, stats: ExportStats, includeExcluded: boolean): number {
  const included = stats.groups.filter((g) => includeExcluded || g.counted);
  const single = included.filter((g) => !g.multiTurn);
  const decisive = sum(single.filter((g) => g.outcome === "a" || g.outcome === "b"));
  switch (format) {
    case "dpo":
      return decisive;
    case "kto":
      return 2 * (decisive + sum(single.filter((g) => g.outcome === "both_bad")));
    default:
      return sum(included);
  }
}
