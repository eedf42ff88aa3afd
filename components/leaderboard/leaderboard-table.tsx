"use client";

import { useMemo, useState } from "react";
import type { BoardRow } from "@/lib/leaderboard/types";
import { LeaderboardRow } from "./leaderboard-row";
import { RatingsChart } from "./ratings-chart";

type SortKey = "rank" | "model" | "rating" | "votes" | "organization";

function compare(a: BoardRow, b: BoardRow, key: SortKey, styled: boolean): number {
  switch (key) {
    case "rank":
      return (
        (styled && a.style && b.style ? a.style.rankUb - b.style.rankUb : a.rankUb - b.rankUb) ||
        b.rating - a.rating
      );
    case "rating":
      return styled && a.style && b.style ? b.style.rating - a.style.rating : b.rating - a.rating;
    case "votes":
      return b.numBattles - a.numBattles;
    case "model":
      return a.displayName.localeCompare(b.displayName);
    case "organization":
      return (a.organization ?? "").localeCompare(b.organization ?? "");
  }
}

export function LeaderboardTable({ rows, hasStyle }: { rows: BoardRow[]; hasStyle: boolean }) {
  const [query, setQuery] = useState("");
  const [minVotes, setMinVotes] = useState(0);
  const [showDeprecated, setShowDeprecated] = useState(false);
  const [openOnly, setOpenOnly] = useState(false);
  const [styled, setStyled] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "rank", dir: 1 });

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    return rows
      .filter((r) => r.numBattles >= minVotes)
      .filter((r) => showDeprecated || r.status !== "deprecated")
      .filter((r) => !openOnly || r.openWeights)
      .filter((r) => !q || `${r.displayName} ${r.model} ${r.organization ?? ""}`.toLowerCase().includes(q))
      .sort((a, b) => sort.dir * compare(a, b, sort.key, styled));
  }, [rows, query, minVotes, showDeprecated, openOnly, sort, styled]);
  // Disconnected groups get a section each (sorted within it): one list would rank models
  // against others whose ratings sit on an unrelated scale.
  const groupCount = useMemo(() => new Set(rows.map((r) => r.group)).size, [rows]);
  const sections = useMemo(() => {
    const byGroup = new Map<number, BoardRow[]>();
    for (const r of visible) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
    return [...byGroup].sort(([a], [b]) => a - b).map(([group, members]) => ({ group, members }));
  }, [visible]);
  const columns = styled ? 8 : 7;

  const header = (key: SortKey, label: string, className = "") => (
    <th
      scope="col"
      className={`px-3 py-2 ${className}`}
      aria-sort={sort.key === key ? (sort.dir === 1 ? "ascending" : "descending") : "none"}
    >
      <button
        type="button"
        className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 dark:hover:text-white"
        onClick={() => setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : 1 }))}
        data-testid={`sort-${key}`}
      >
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.dir === 1 ? "▲" : "▼") : ""}</span>
      </button>
    </th>
  );

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <label className="flex items-center gap-2">
          <span className="sr-only">Search models</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search models…"
            data-testid="leaderboard-search"
            className="w-48 rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        <label className="flex items-center gap-2">
          Min. votes
          <input
            type="number"
            min={0}
            value={minVotes}
            onChange={(e) => setMinVotes(Math.max(0, Number(e.target.value) || 0))}
            data-testid="min-votes"
            className="w-20 rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={showDeprecated}
            onChange={(e) => setShowDeprecated(e.target.checked)}
          />
          Show deprecated
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={openOnly}
            onChange={(e) => setOpenOnly(e.target.checked)}
            data-testid="open-only"
          />
          Open-weight only
        </label>
        {hasStyle ? (
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={styled}
              onChange={(e) => setStyled(e.target.checked)}
              data-testid="style-toggle"
            />
            Style control
          </label>
        ) : null}
      </div>

      {groupCount > 1 ? (
        <p
          data-testid="groups-note"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        >
          These models form {groupCount} groups that never met, directly or through other models. Scores and
          ranks compare only within a group: each group is rated on its own scale, centred at 1000.
        </p>
      ) : null}
      {visible.length === 0 ? (
        <p
          className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm"
          data-testid="leaderboard-filtered-empty"
        >
          No model matches these filters.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table
            className="w-full text-sm tabular-nums [&_td]:px-3 [&_td]:py-2"
            data-testid="leaderboard-table"
          >
            <thead className="bg-zinc-100 text-left text-xs tracking-wide text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">
              <tr>
                {header("rank", "Rank (UB)")}
                {header("model", "Model")}
                {header("rating", styled ? "Score (style-controlled)" : "Score", "text-right")}
                <th scope="col" className="px-3 py-2 text-right uppercase">
                  95% CI
                </th>
                {styled ? (
                  <th scope="col" className="px-3 py-2 text-right uppercase">
                    Plain score · rank Δ
                  </th>
                ) : null}
                {header("votes", "Votes", "text-right")}
                {header("organization", "Organization", "hidden sm:table-cell")}
                <th scope="col" className="hidden px-3 py-2 uppercase md:table-cell">
                  License
                </th>
              </tr>
            </thead>
            {sections.length === 0 ? <RatingsChart rows={[]} /> : null}
            {sections.map(({ group, members }) => (
              <tbody key={group} data-testid="leaderboard-group" data-group={group + 1}>
                {groupCount > 1 ? (
                  <tr className="border-t border-zinc-200 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-950">
                    <th
                      scope="rowgroup"
                      colSpan={columns}
                      className="px-3 py-2 text-left text-xs font-medium text-zinc-600 dark:text-zinc-400"
                    >
                      Group {group + 1} of {groupCount}: ranked against each other only
                    </th>
                  </tr>
                ) : null}
                {members.map((r) => (
                  <LeaderboardRow key={r.model} row={r} styled={styled} />
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">
          Ratings and 95% intervals{styled ? " (style-controlled)" : ""}
        </h2>
        {sections.length === 0 ? <RatingsChart rows={[]} /> : null}
        {sections.map(({ group, members }) => (
          <div key={group} className="space-y-1">
            {groupCount > 1 ? (
              <h3 className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Group {group + 1}</h3>
            ) : null}
            <RatingsChart
              rows={styled ? members.map((r) => (r.style ? { ...r, ...r.style } : r)) : members}
            />
          </div>
        ))}
      </section>
    </div>
  );
}
