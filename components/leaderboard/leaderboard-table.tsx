"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import type { BoardRow } from "@/lib/leaderboard/types";
import { RatingsChart } from "./ratings-chart";

type SortKey = "rank" | "model" | "rating" | "votes" | "organization";

const fmtCi = (r: { rating: number; ciLower: number | null; ciUpper: number | null }) =>
  r.ciLower === null || r.ciUpper === null
    ? "–"
    : `+${(r.ciUpper - r.rating).toFixed(0)} / −${(r.rating - r.ciLower).toFixed(0)}`;

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
            <tbody>
              {visible.map((r) => {
                const shown = styled && r.style ? r.style : r;
                const delta = r.style ? r.rankUb - r.style.rankUb : 0;
                return (
                  <tr
                    key={r.model}
                    data-testid="leaderboard-row"
                    data-model={r.model}
                    className="border-t border-zinc-100 dark:border-zinc-800"
                  >
                    <td>{shown.rankUb}</td>
                    <td className="font-medium">
                      <Link href={`/models/${encodeURIComponent(r.model)}`} className="hover:underline">
                        {r.displayName}
                      </Link>
                      {r.openWeights ? (
                        <span className="ml-2 rounded bg-emerald-100 px-1 text-xs text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200">
                          open
                        </span>
                      ) : null}
                      {r.status === "deprecated" ? (
                        <span className="ml-2 text-xs text-zinc-500">deprecated</span>
                      ) : null}
                    </td>
                    <td className="text-right" data-testid="rating">
                      {shown.rating.toFixed(0)}
                    </td>
                    <td className="text-right text-zinc-600 dark:text-zinc-400">{fmtCi(shown)}</td>
                    {styled ? (
                      <td className="text-right" data-testid="rank-delta">
                        {r.rating.toFixed(0)} · {delta > 0 ? `▲${delta}` : delta < 0 ? `▼${-delta}` : "="}
                      </td>
                    ) : null}
                    <td className="text-right" data-testid="votes">
                      {r.numBattles}
                    </td>
                    <td className="hidden sm:table-cell">{r.organization ?? "–"}</td>
                    <td className="hidden md:table-cell">{r.license ?? "–"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">
          Ratings and 95% intervals{styled ? " (style-controlled)" : ""}
        </h2>
        <RatingsChart rows={styled ? visible.map((r) => (r.style ? { ...r, ...r.style } : r)) : visible} />
      </section>
    </div>
  );
}
