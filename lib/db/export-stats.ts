import "server-only";
import { LRUCache } from "lru-cache";
import type pg from "pg";
import type { Outcome } from "@/lib/arena/sides";
import { AppError } from "@/lib/errors";
import type { CorpusLicense } from "@/lib/export/card";
import type { ExportStats } from "@/lib/export/stats";
import type { ExportFilters } from "@/lib/export/types";
import { FILTER_JOINS, FILTER_SQL, filterParams } from "./export-sql";
import { VOTES_VERSION_SQL } from "./leaderboard-freshness";
import { onReadReplica, onReadReplicaPool } from "./replica";

// Counts for /data and the dataset cards: grouped in SQL, so their size is a few rows
// however many votes there are. Their cost is a scan of all votes (~2 s at 1M), paid on
// every view of /data; yet they change only when votes do, which the trigger-kept
// vote_aggregates show in one small read (its sums, all and counted, move with every
// vote inserted, deleted, re-scored or (un)counted). So results are kept per filter
// set under that version, in this process. In a busy large arena the version moves
// between most views; a caller that accepts counts up to `maxStaleMs` old (/data)
// then gets the last counts at once while one recount runs behind it, as long as the
// last count was slow. A small arena (fast counts) is always counted exactly.
const MEMO_SIZE = 64;
const SLOW_COUNT_MS = 250;

interface MemoEntry {
  version: string;
  value: Promise<ExportStats>;
  /** Known once the count has finished: it took at least `slowCountMs`. */
  slow: boolean;
  /** A recount of this filter set running in the background, if any. */
  refresh: Promise<unknown> | null;
}
const memo = new LRUCache<string, MemoEntry>({ max: MEMO_SIZE });

function count(filters: ExportFilters, version: string, slowCountMs: number): MemoEntry {
  const started = performance.now();
  const entry: MemoEntry = { version, slow: false, refresh: null, value: computeExportStats(filters) };
  void entry.value.then(
    () => {
      entry.slow = performance.now() - started >= slowCountMs;
    },
    () => {},
  );
  return entry;
}

/**
 * Vote counts under `filters` (excluded votes always counted, whatever include_excluded
 * says), exact unless `maxStaleMs` allows the last slow count (see above; `countedAt`
 * says when it ran).
 */
export async function getExportStats({
  filters,
  maxStaleMs = 0,
  slowCountMs = SLOW_COUNT_MS,
}: {
  filters: ExportFilters;
  maxStaleMs?: number;
  slowCountMs?: number;
}): Promise<ExportStats> {
  const key = JSON.stringify(filters);
  const { version } = (await onReadReplicaPool((p) => p.query<{ version: string }>(VOTES_VERSION_SQL)))
    .rows[0];
  const hit = memo.get(key);
  if (hit?.version === version) return hit.value;
  if (hit?.slow && Date.now() - (await hit.value).countedAt.getTime() <= maxStaleMs) {
    if (!hit.refresh) {
      const next = count(filters, version, slowCountMs);
      hit.refresh = next.value.then(
        () => {
          if (memo.peek(key) === hit) memo.set(key, next);
        },
        (error) => {
          console.error("export stats recount failed", error);
          hit.refresh = null;
        },
      );
    }
    return { ...(await hit.value), stale: true };
  }
  const entry = count(filters, version, slowCountMs);
  memo.set(key, entry);
  entry.value.catch(() => {
    if (memo.peek(key) === entry) memo.delete(key);
  });
  return entry.value;
}

async function computeExportStats(filters: ExportFilters): Promise<ExportStats> {
  const countedAt = new Date();
  const params = filterParams(filters, true);
  // On the replica when there is one, else the small "reads" pool; both under a
  // statement_timeout: a slow count can neither take the connections votes need nor run forever.
  const query = async <T extends pg.QueryResultRow>(sql: string): Promise<T[]> =>
    (await onReadReplicaPool((p) => p.query<T>(sql, params))).rows;
  const [groups, categories] = await Promise.all([
    query<{
      counted: boolean;
      reason: string | null;
      outcome: Outcome;
      named: boolean;
      multi_turn: boolean;
      votes: number;
      first: Date | null;
      last: Date | null;
    }>(
      `SELECT v.counts_for_public AS counted, v.exclusion_reason AS reason, v.outcome::text AS outcome,
              (b.mode = 'named') AS named,
              EXISTS (SELECT 1 FROM messages m WHERE m.battle_id = b.id AND m.turn > 0) AS multi_turn,
              count(*)::int AS votes, min(v.created_at) AS first, max(v.created_at) AS last
       FROM votes v ${FILTER_JOINS}
       WHERE ${FILTER_SQL}
       GROUP BY 1, 2, 3, 4, 5`,
    ),
    query<{ tag: string; total: number; counted: number }>(
      `SELECT t.tag, count(*)::int AS total, (count(*) FILTER (WHERE v.counts_for_public))::int AS counted
       FROM votes v ${FILTER_JOINS}
       CROSS JOIN LATERAL unnest(b.category_tags) AS t(tag)
       WHERE ${FILTER_SQL}
       GROUP BY t.tag
       ORDER BY total DESC, t.tag`,
    ),
  ]);
  const times = (k: "first" | "last") =>
    groups
      .map((g) => g[k])
      .filter((d): d is Date => d !== null)
      .map((d) => new Date(d).getTime());
  const firsts = times("first");
  const lasts = times("last");
  return {
    groups: groups.map((g) => ({
      counted: g.counted,
      reason: g.counted ? null : g.reason,
      outcome: g.outcome,
      named: g.named,
      multiTurn: g.multi_turn,
      votes: g.votes,
    })),
    categories,
    firstVoteAt: firsts.length ? new Date(Math.min(...firsts)) : null,
    lastVoteAt: lasts.length ? new Date(Math.max(...lasts)) : null,
    countedAt,
  };
}

/**
 * Category tags carried by at least one voted battle, for the /data form. Read from the
 * per-category vote counts (a few thousand rows) rather than by unnesting every battle's
 * tags (~1.8 s at 1M votes).
 */
export async function listExportCategories(): Promise<string[]> {
  const rows = await onReadReplica(
    (c) => c.$queryRaw<{ tag: string }[]>`
    SELECT DISTINCT category AS tag FROM vote_aggregates
    WHERE category <> 'overall' AND n > 0
    ORDER BY 1`,
  );
  return rows.map((r) => r.tag);
}

/** Whether any battle carries `tag` (an unknown category is a client error, not an empty dump). */
export async function categoryExists({ tag }: { tag: string }): Promise<boolean> {
  const [row] = await onReadReplica(
    (c) => c.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM battles WHERE category_tags @> ARRAY[${tag}::text]) AS found`,
  );
  return row.found;
}

/** The slugs among `slugs` that name no model. */
export async function findUnknownModelSlugs({ slugs }: { slugs: string[] }): Promise<string[]> {
  const known = await onReadReplica((c) =>
    c.model.findMany({ where: { slug: { in: slugs } }, select: { slug: true } }),
  );
  const set = new Set(known.map((m) => m.slug));
  return slugs.filter((s) => !set.has(s));
}

export async function listCorpusLicenses(): Promise<CorpusLicense[]> {
  return onReadReplica((c) =>
    c.corpus.findMany({ select: { name: true, license: true, source: true }, orderBy: { name: "asc" } }),
  );
}

/** Refuses a category no battle carries (404) and model slugs that name no model (400). */
export async function assertExportFiltersKnown({ filters }: { filters: ExportFilters }): Promise<void> {
  if (filters.category && !(await categoryExists({ tag: filters.category }))) {
    const known = await listExportCategories();
    throw new AppError(
      "not_found",
      `Unknown category "${filters.category}". Known: overall${known.map((k) => `, ${k}`).join("")}.`,
    );
  }
  if (filters.models) {
    const unknown = await findUnknownModelSlugs({ slugs: filters.models });
    if (unknown.length > 0)
      throw new AppError("bad_request", `Unknown model slug(s): ${unknown.join(", ")}.`);
  }
}
