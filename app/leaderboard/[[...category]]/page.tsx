import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RankConfidenceTable } from "@/components/diagnostics/rank-confidence";
import { CriterionBoards } from "@/components/leaderboard/criterion-boards";
import { Freshness } from "@/components/leaderboard/freshness";
import { HeatmapTabs } from "@/components/leaderboard/heatmap-tabs";
import { HistoryChart } from "@/components/leaderboard/history-chart";
import { LeaderboardTable } from "@/components/leaderboard/leaderboard-table";
import { StyleExplainer } from "@/components/leaderboard/style-explainer";
import { categoryLabel } from "@/lib/arena/categories";
import { getArenaSettings } from "@/lib/db/arena-settings";
import {
  getLatestSnapshot,
  listModelInfo,
  listSnapshotCategories,
  listSnapshotHistory,
} from "@/lib/db/leaderboard";
import { replicaLag } from "@/lib/db/replica";
import { env } from "@/lib/env";
import { buildBoardRows, leaderboardHref, topOfMatrix } from "@/lib/leaderboard/board";
import { readDiagnostics } from "@/lib/leaderboard/diagnostics-job";
import { freshnessDto } from "@/lib/leaderboard/freshness-text";
import { readFreshness } from "@/lib/leaderboard/recompute";

export const metadata: Metadata = { title: "Leaderboard" };
// Rendered once per snapshot, not per request: the page is kept in the in-process ISR
// store (lib/cache/route-cache-handler.mjs), a recompute evicts it, and `revalidate`
// bounds how stale another server instance can be.
export const revalidate = 30;
export const dynamicParams = true;
export function generateStaticParams(): { category: string[] }[] {
  return [];
}

const HEATMAP_MODELS = 15;
const HISTORY_MODELS = 8;

/** Win rates to 0.01 percentage points: all a heatmap cell can show, at a fraction of the bytes. */
function roundRates(values: (number | null)[][]): (number | null)[][] {
  return values.map((row) => row.map((v) => (v === null ? null : Math.round(v * 1e4) / 1e4)));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export default async function LeaderboardPage({ params }: { params: Promise<{ category?: string[] }> }) {
  const { category: segments } = await params;
  if (segments && segments.length > 1) notFound();
  // Static params arrive still percent-encoded ("lang%3Aen").
  const requested = segments?.[0] === undefined ? undefined : safeDecode(segments[0]);
  const categories = await listSnapshotCategories();
  const unknown = requested !== undefined && requested !== "overall" && !categories.includes(requested);
  const category = requested && !unknown ? requested : "overall";
  const [snapshot, styleSnapshot, models, history, freshness, diagnostics, lag, arenas] = await Promise.all([
    getLatestSnapshot({ category, kind: "plain" }),
    getLatestSnapshot({ category, kind: "style" }),
    listModelInfo(),
    listSnapshotHistory({ category, kind: "plain", limit: 100 }),
    readFreshness(),
    readDiagnostics(category),
    replicaLag(),
    getArenaSettings(),
  ]);
  const criteriaOn = arenas.corpus.criteriaEnabled || arenas.live.criteriaEnabled;
  const result = snapshot?.result;
  const styleResult = styleSnapshot?.result ?? null;
  const rows = result ? buildBoardRows(result, styleResult, models) : [];
  const top = rows.slice(0, HEATMAP_MODELS).map((r) => r.model);
  // Client components get only what they draw: the page is cached, but its size is paid per view.
  const display = new Map(models.map((m) => [m.slug, m.displayName]));
  const names = Object.fromEntries(top.map((slug) => [slug, display.get(slug) ?? slug]));
  const charted = top.slice(0, HISTORY_MODELS);
  const historyPoints = history.map((h) => ({
    t: h.createdAt.toISOString(),
    ratings: Object.fromEntries(charted.flatMap((m) => (m in h.ratings ? [[m, h.ratings[m]]] : []))),
  }));
  const m = result?.matrices;
  const heat = m ? topOfMatrix(m.models, m.battleCount, top) : null;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Leaderboard</h1>
          <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            Bradley-Terry ratings on the Elo scale (400 points = 10:1 odds); each connected group of models
            has mean 1000. 95% intervals by{" "}
            {result?.ci === "sandwich"
              ? "the sandwich estimator"
              : `bootstrap${result?.rounds ? ` (${result.rounds} rounds)` : ""}`}
            . Rank (UB) = 1 + the number of models whose lower bound is above this model&apos;s upper bound.
          </p>
          <Freshness initial={freshnessDto(freshness, env().ARENA_RECOMPUTE_MAX_WAIT_MS, lag)} />
        </div>
        {categories.length > 1 ? (
          <nav aria-label="Category" className="flex flex-wrap gap-1 text-sm" data-testid="category-nav">
            {categories.map((c) => (
              <Link
                key={c}
                href={leaderboardHref(c)}
                aria-current={c === category ? "page" : undefined}
                className={`rounded-md px-2 py-1 ${c === category ? "bg-indigo-600 text-white" : "hover:bg-zinc-200 dark:hover:bg-zinc-800"}`}
              >
                {categoryLabel(c)}
              </Link>
            ))}
          </nav>
        ) : null}
      </div>

      {unknown ? (
        <p
          role="status"
          data-testid="unknown-category"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        >
          No leaderboard for &ldquo;{requested}&rdquo; yet; showing {categoryLabel("overall")}.
        </p>
      ) : null}
      {!result || rows.length === 0 ? (
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
        <>
          <LeaderboardTable rows={rows} hasStyle={styleResult !== null} />
          {styleResult?.styleCoefficients ? (
            <StyleExplainer coefficients={styleResult.styleCoefficients} />
          ) : null}
          {diagnostics.report && diagnostics.report.rankConfidence.rows.length > 0 ? (
            <RankConfidenceTable
              rows={diagnostics.report.rankConfidence.rows}
              rounds={diagnostics.report.rankConfidence.rounds}
              names={Object.fromEntries(models.map((x) => [x.slug, x.displayName]))}
              limit={10}
            />
          ) : null}
          {diagnostics.report?.criteria &&
          (criteriaOn || diagnostics.report.criteria.some((c) => c.numVotes > 0)) ? (
            <CriterionBoards
              boards={diagnostics.report.criteria}
              names={Object.fromEntries(models.map((x) => [x.slug, x.displayName]))}
            />
          ) : null}
          <p className="text-sm">
            <Link className="underline" href={`/what-wins?category=${encodeURIComponent(category)}`}>
              What wins besides quality, position bias, cycles and how well the ratings predict votes →
            </Link>{" "}
            ·{" "}
            <Link className="underline" href="/prompts-like-mine">
              A leaderboard for prompts like mine →
            </Link>
          </p>
          <section className="space-y-2">
            <h2 className="text-lg font-semibold">Rating over time</h2>
            <HistoryChart points={historyPoints} models={charted} names={names} />
          </section>
          {m && heat ? (
            <section className="space-y-4">
              <h2 className="text-lg font-semibold">
                Head to head (top {Math.min(HEATMAP_MODELS, rows.length)})
              </h2>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                Row model against column model. Observed win rates leave out ties; predicted ones come from
                the fitted ratings.
              </p>
              <HeatmapTabs
                models={heat.models}
                names={names}
                views={[
                  {
                    id: "observed",
                    label: "Observed",
                    title: "Observed win rate (%)",
                    kind: "rate",
                    values: roundRates(topOfMatrix(m.models, m.winRateNoTies, top).values),
                  },
                  {
                    id: "predicted",
                    label: "Predicted",
                    title: "Predicted win rate (%)",
                    kind: "rate",
                    values: roundRates(topOfMatrix(m.models, m.predictedWinRate, top).values),
                  },
                  {
                    id: "count",
                    label: "Battles",
                    title: "Battles",
                    kind: "count",
                    values: heat.values,
                  },
                ]}
              />
            </section>
          ) : null}
        </>
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
    </div>
  );
}
