import type { Metadata } from "next";
import Link from "next/link";
import { ExportForm, type FormatInfo } from "@/components/data/export-form";
import { Method } from "@/components/data/method";
import { VoteCounts } from "@/components/data/vote-counts";
import { assertExportFiltersKnown, getExportStats, listExportCategories } from "@/lib/db/export-stats";
import { getLatestSnapshot, listModelInfo } from "@/lib/db/leaderboard";
import { replicaLag } from "@/lib/db/replica";
import { AppError } from "@/lib/errors";
import { parseExportQuery } from "@/lib/export/filters";
import { FORMATS } from "@/lib/export/formats";
import { formValuesFrom } from "@/lib/export/query-string";
import { summarize } from "@/lib/export/stats";
import { DEFAULT_FILTERS, EXPORT_FORMATS, type ExportFilters } from "@/lib/export/types";
import { describeReplicaLag } from "@/lib/leaderboard/freshness-text";

export const metadata: Metadata = { title: "Data" };
export const dynamic = "force-dynamic";

const FORMAT_INFO: FormatInfo[] = EXPORT_FORMATS.map((id) => ({
  id,
  label: FORMATS[id].label,
  summary: FORMATS[id].summary.replaceAll("`", ""), // Markdown for the card; plain text here
}));

function toParams(sp: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) for (const x of [v ?? []].flat()) params.append(k, x);
  params.delete("format");
  return params;
}

/** Filters from the query, or the reason they are refused (counts then fall back to no filters). */
async function readFilters(
  params: URLSearchParams,
): Promise<{ filters: ExportFilters; error: string | null }> {
  try {
    const { filters } = parseExportQuery(params);
    await assertExportFiltersKnown({ filters });
    return { filters, error: null };
  } catch (e) {
    if (e instanceof AppError) return { filters: DEFAULT_FILTERS, error: e.message };
    throw e;
  }
}

/** Counting a large arena takes seconds: /data may show counts this old while a recount runs. */
const COUNTS_MAX_STALE_MS = 60_000;

export default async function DataPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = toParams(await searchParams);
  const { filters, error } = await readFilters(params);
  const unfiltered =
    JSON.stringify({ ...filters, includeExcluded: false }) === JSON.stringify(DEFAULT_FILTERS);
  const [stats, everything, categories, models, snapshot, lag] = await Promise.all([
    getExportStats({ filters, maxStaleMs: COUNTS_MAX_STALE_MS }),
    unfiltered ? null : getExportStats({ filters: DEFAULT_FILTERS, maxStaleMs: COUNTS_MAX_STALE_MS }),
    listExportCategories(),
    listModelInfo(),
    getLatestSnapshot({ category: "overall", kind: "plain" }),
    replicaLag(),
  ]);
  const replica = describeReplicaLag(lag ? lag.lagS : undefined);
  const summary = summarize(stats, filters.includeExcluded);
  const anyVotes = (everything ? summarize(everything, true).total : summary.total) > 0;
  const result = snapshot?.result;

  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Data</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Every vote can be downloaded, in the formats of the public arena datasets, with a dataset card that
          documents the file. Voters appear only as keyed pseudonyms. The leaderboard itself is available as
          JSON and CSV from <code>/api/leaderboard</code>.
        </p>
      </header>

      {!anyVotes ? (
        <div
          data-testid="data-empty"
          className="rounded-lg border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700"
        >
          <p className="font-medium">No votes yet.</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Downloads and counts appear once people vote.{" "}
            <Link className="underline" href="/">
              Vote in the arena
            </Link>
            .
          </p>
        </div>
      ) : (
        <>
          <section aria-labelledby="download-heading" className="space-y-3">
            <h2 id="download-heading" className="text-lg font-semibold">
              Download votes
            </h2>
            {error ? (
              <p
                role="alert"
                className="rounded-md border border-rose-300 bg-rose-50 p-2 text-sm dark:bg-rose-950"
              >
                {error} Showing counts for all votes.
              </p>
            ) : null}
            <ExportForm
              initial={formValuesFrom(params)}
              categories={categories}
              models={models.map((m) => ({ slug: m.slug, displayName: m.displayName }))}
              formats={FORMAT_INFO}
            />
          </section>
          <section aria-labelledby="counts-heading" className="space-y-3">
            <h2 id="counts-heading" className="text-lg font-semibold">
              Counts for these filters
            </h2>
            <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="counted-at">
              Counted at {stats.countedAt.toISOString().slice(11, 19)} UTC
              {stats.stale
                ? "; votes have come in since, and are being counted (a download's dataset card counts them exactly)"
                : ""}
              {replica ? <span data-testid="replica-lag">; {replica}</span> : null}.
            </p>
            <VoteCounts summary={summary} categories={stats.categories} />
          </section>
        </>
      )}

      <section aria-labelledby="api-heading" className="space-y-2 text-sm">
        <h2 id="api-heading" className="text-lg font-semibold">
          Leaderboard API
        </h2>
        <p className="text-zinc-600 dark:text-zinc-400">
          The latest snapshot per category, with its time, vote-set hash, parameters and vote counts;
          cacheable (ETag, Last-Modified).
        </p>
        <ul className="flex flex-wrap gap-4">
          <li>
            <a
              className="underline"
              href="/api/leaderboard?category=overall&format=json"
              data-testid="api-json"
            >
              overall, JSON
            </a>
          </li>
          <li>
            <a
              className="underline"
              href="/api/leaderboard?category=overall&format=csv"
              data-testid="api-csv"
            >
              overall, CSV
            </a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="method-heading" className="space-y-2">
        <h2 id="method-heading" className="text-lg font-semibold">
          Method
        </h2>
        <Method ci={result?.ci ?? null} rounds={result?.rounds ?? null} />
      </section>
    </div>
  );
}
