import type { Metadata } from "next";
import Link from "next/link";
import { RecomputeForm } from "@/components/leaderboard/recompute-form";
import { adminEnabled } from "@/lib/admin";
import { categoryLabel } from "@/lib/arena/categories";
import { getLatestSnapshot, listModelInfo, listSnapshotCategories } from "@/lib/db/leaderboard";
import type { SnapshotResult } from "@/lib/leaderboard/types";

export const metadata: Metadata = { title: "Leaderboard" };
export const dynamic = "force-dynamic";

const fmt = (x: number | null) => (x === null || !Number.isFinite(x) ? "–" : x.toFixed(0));

export default async function LeaderboardPage({
  searchParams,
}: {
  searchParams: Promise<{ category?: string }>;
}) {
  const { category: requested } = await searchParams;
  const categories = await listSnapshotCategories();
  const category = requested && categories.includes(requested) ? requested : "overall";
  const [snapshot, models] = await Promise.all([
    getLatestSnapshot({ category, kind: "plain" }),
    listModelInfo(),
  ]);
  const info = new Map(models.map((m) => [m.slug, m]));
  const result = snapshot?.result as SnapshotResult | undefined;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Leaderboard</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Bradley-Terry ratings on the Elo scale (400 points = 10:1 odds); each connected group of models
            has mean 1000. 95% intervals by{" "}
            {result?.ci === "sandwich"
              ? "the sandwich estimator"
              : `bootstrap${result?.rounds ? ` (${result.rounds} rounds)` : ""}`}
            .
          </p>
        </div>
        {categories.length > 1 ? (
          <nav aria-label="Category" className="flex flex-wrap gap-1 text-sm">
            {categories.map((c) => (
              <Link
                key={c}
                href={c === "overall" ? "/leaderboard" : `/leaderboard?category=${encodeURIComponent(c)}`}
                aria-current={c === category ? "page" : undefined}
                className={`rounded-md px-2 py-1 ${c === category ? "bg-indigo-600 text-white" : "hover:bg-zinc-200 dark:hover:bg-zinc-800"}`}
              >
                {categoryLabel(c)}
              </Link>
            ))}
          </nav>
        ) : null}
      </div>

      {!result || result.rows.length === 0 ? (
        <div
          data-testid="leaderboard-empty"
          className="rounded-lg border border-dashed border-zinc-300 p-8 text-center"
        >
          <p className="font-medium">No ratings yet.</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Ratings appear a few seconds after the first votes.{" "}
            <Link className="underline" href="/">
              Vote in the arena
            </Link>
            .
          </p>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm" data-testid="leaderboard-table">
            <thead className="bg-zinc-100 text-left text-xs uppercase tracking-wide text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">
              <tr>
                <th
                  scope="col"
                  className="px-3 py-2"
                  title="1 + number of models whose lower bound is above this model's upper bound"
                >
                  Rank (UB)
                </th>
                <th scope="col" className="px-3 py-2">
                  Model
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Score
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  95% CI
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Votes
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Organization
                </th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">
                  License
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => {
                const m = info.get(r.model);
                return (
                  <tr
                    key={r.model}
                    data-testid="leaderboard-row"
                    data-model={r.model}
                    className="border-t border-zinc-100 dark:border-zinc-800"
                  >
                    <td className="px-3 py-2 tabular-nums">{r.rankUb}</td>
                    <td className="px-3 py-2 font-medium">{m?.displayName ?? r.model}</td>
                    <td className="px-3 py-2 text-right tabular-nums" data-testid="rating">
                      {r.rating.toFixed(0)}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums text-zinc-600 dark:text-zinc-400">
                      {r.ciLower === null
                        ? "–"
                        : `+${fmt((r.ciUpper ?? r.rating) - r.rating)} / −${fmt(r.rating - r.ciLower)}`}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums" data-testid="votes">
                      {r.numBattles}
                    </td>
                    <td className="hidden px-3 py-2 sm:table-cell">{m?.organization ?? "–"}</td>
                    <td className="hidden px-3 py-2 md:table-cell">{m?.license ?? "–"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {snapshot && result ? (
        <p className="text-xs text-zinc-500" data-testid="snapshot-meta">
          {result.numVotes} votes counted, {result.numExcluded} excluded · computed{" "}
          {snapshot.createdAt.toISOString()} · vote set <code>{snapshot.voteSetHash.slice(0, 12)}</code> ·
          code {snapshot.codeVersion}
          {result.groups.length > 1
            ? ` · ${result.groups.length} disconnected groups (ratings comparable only within a group)`
            : ""}
        </p>
      ) : null}
      {adminEnabled() ? <RecomputeForm /> : null}
    </div>
  );
}
