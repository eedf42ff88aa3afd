import "server-only";
import { readSnapshotResult, type Snapshot } from "@/lib/ratings/snapshot";
import { db } from "./client";
import { cached } from "./read-cache";
import { onReadReplica } from "./replica";

export interface CategoryAggregate {
  category: string;
  numVotes: number;
  numExcluded: number;
  /** Excluded votes by reason, from the trigger-kept vote_exclusion_counts. */
  excludedByReason: Record<string, number>;
  /** Sum of per-vote hashes of the counted votes, as text (see the vote_aggregates migration). */
  idsum: string;
  /** JSON array of [modelA, modelB, outcome, count, weight], sorted; parsed off the event loop. */
  cellsJson: string;
}

/**
 * Reads the trigger-maintained vote_aggregates table: a handful of rows per category,
 * so a recompute costs the same at a thousand votes or a million. The cells come back
 * as one JSON text per category for the fit worker to parse.
 */
export async function readCategoryAggregates({ tag }: { tag?: string } = {}): Promise<CategoryAggregate[]> {
  const only = tag ?? null;
  const rows = await db.$queryRaw<
    {
      category: string;
      counted: number;
      excluded: number;
      idsum: string | null;
      cells: string | null;
      reasons: Record<string, number> | null;
    }[]
  >`
    SELECT va.category,
           coalesce(sum(va.n) FILTER (WHERE va.counted), 0)::int AS counted,
           coalesce(sum(va.n) FILTER (WHERE NOT va.counted), 0)::int AS excluded,
           sum(va.idsum) FILTER (WHERE va.counted)::text AS idsum,
           json_agg(json_build_array(ma.slug, mb.slug, va.outcome, va.n, va.weight)
                    ORDER BY ma.slug, mb.slug, va.outcome) FILTER (WHERE va.counted AND va.n > 0)::text AS cells,
           (SELECT json_object_agg(ec.reason, ec.n ORDER BY ec.reason) FROM vote_exclusion_counts ec
            WHERE ec.category = va.category AND ec.n > 0) AS reasons
    FROM vote_aggregates va
    JOIN models ma ON ma.id = va.model_a_id
    JOIN models mb ON mb.id = va.model_b_id
    WHERE va.n > 0 AND (${only}::text IS NULL OR va.category = ${only}::text)
    GROUP BY va.category
    ORDER BY va.category`;
  return rows.map((r) => ({
    category: r.category,
    numVotes: r.counted,
    numExcluded: r.excluded,
    excludedByReason: r.reasons ?? {},
    idsum: r.idsum ?? "0",
    cellsJson: r.cells ?? "[]",
  }));
}

/** A snapshot to store, its result already serialised by the fit job. */
export type SnapshotInput = Omit<Snapshot, "id" | "createdAt" | "result"> & { resultJson: string };

/**
 * Stores a snapshot whose result the fit worker has already serialised, so a large
 * snapshot costs the server's event loop nothing but passing a string along.
 */
export async function createSnapshotFromJson(s: SnapshotInput): Promise<void> {
  await db.$executeRaw`
    INSERT INTO leaderboard_snapshots (category, kind, params, vote_set_hash, code_version, num_votes, result)
    VALUES (${s.category}, ${s.kind}, ${JSON.stringify(s.params)}::jsonb, ${s.voteSetHash}, ${s.codeVersion},
            ${s.numVotes}, ${s.resultJson}::jsonb)`;
}

/**
 * The newest snapshot of a category and kind, its result checked (readSnapshotResult);
 * null when there is none, or when the newest has a shape this code cannot read.
 */
export async function getLatestSnapshot({
  category,
  kind,
}: {
  category: string;
  kind: "plain" | "style";
}): Promise<Snapshot | null> {
  return cached(`snapshot:${category}:${kind}`, () => loadLatestSnapshot(category, kind));
}

async function loadLatestSnapshot(category: string, kind: "plain" | "style"): Promise<Snapshot | null> {
  const row = await onReadReplica(
    (c) => c.leaderboardSnapshot.findFirst({ where: { category, kind }, orderBy: { createdAt: "desc" } }),
    { snapshot: true },
  );
  if (!row) return null;
  const result = readSnapshotResult(row.result);
  if (!result) {
    console.warn(`leaderboard snapshot ${row.id} (${category}, ${kind}) has an unreadable result; ignored`);
    return null;
  }
  return { ...row, kind, params: row.params as Record<string, unknown>, result };
}

/** Categories with at least one snapshot, newest snapshot first per category. */
export async function listSnapshotCategories(): Promise<string[]> {
  return cached("categories", loadSnapshotCategories);
}

async function loadSnapshotCategories(): Promise<string[]> {
  const rows = await onReadReplica(
    (c) => c.leaderboardSnapshot.findMany({ distinct: ["category"], select: { category: true } }),
    { snapshot: true },
  );
  return rows.map((r) => r.category).sort();
}

export interface ModelInfo {
  slug: string;
  displayName: string;
  organization: string | null;
  license: string | null;
  openWeights: boolean;
  status: "active" | "paused" | "deprecated";
}

export async function listModelInfo(): Promise<ModelInfo[]> {
  return cached("models", loadModelInfo);
}

/** The columns of a ModelInfo, for every query that returns one. */
export const MODEL_INFO_SELECT = {
  slug: true,
  displayName: true,
  organization: true,
  license: true,
  openWeights: true,
  status: true,
} as const;

async function loadModelInfo(): Promise<ModelInfo[]> {
  return onReadReplica((c) => c.model.findMany({ select: MODEL_INFO_SELECT, orderBy: { slug: "asc" } }));
}

export interface SnapshotHistoryPoint {
  createdAt: Date;
  ratings: Record<string, number>;
}

/** Ratings per model from the latest `limit` snapshots, oldest first; reads only the rows out of the JSON. */
export async function listSnapshotHistory({
  category,
  kind,
  limit = 100,
}: {
  category: string;
  kind: "plain" | "style";
  limit?: number;
}): Promise<SnapshotHistoryPoint[]> {
  return cached(`history:${category}:${kind}:${limit}`, () => loadSnapshotHistory(category, kind, limit));
}

async function loadSnapshotHistory(
  category: string,
  kind: string,
  limit: number,
): Promise<SnapshotHistoryPoint[]> {
  const rows = await onReadReplica(
    (c) => c.$queryRaw<{ created_at: Date; ratings: Record<string, number> | null }[]>`
    SELECT s.created_at,
           (SELECT jsonb_object_agg(r->>'model', (r->>'rating')::float8)
            FROM jsonb_array_elements(s.result->'rows') r) AS ratings
    FROM leaderboard_snapshots s
    WHERE s.category = ${category} AND s.kind = ${kind}
    ORDER BY s.created_at DESC
    LIMIT ${limit}`,
    { snapshot: true },
  );
  return rows.reverse().map((r) => ({ createdAt: r.created_at, ratings: r.ratings ?? {} }));
}

export interface CategoryStyleRows {
  category: string;
  numVotes: number;
  /** JSON array of [modelA, modelB, outcome, count, {feature: [a, b]}], identical feature rows grouped. */
  rowsJson: string;
}

/**
 * Style control needs each battle's covariates, so unlike the plain fit this reads the
 * votes themselves; identical (pair, outcome, features) rows are grouped in SQL.
 */
export async function readStyleRows(): Promise<CategoryStyleRows[]> {
  const rows = await db.$queryRaw<{ category: string; n: number; cells: string }[]>`
    WITH grouped AS (
      SELECT b.category_tags, b.model_a_id, b.model_b_id, v.outcome, v.style_features, count(*)::int AS n
      FROM votes v JOIN battles b ON b.id = v.battle_id
      WHERE v.counts_for_public AND v.style_features IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5
    )
    SELECT t.tag AS category, sum(g.n)::int AS n,
           json_agg(json_build_array(ma.slug, mb.slug, g.outcome, g.n, g.style_features)
                    ORDER BY ma.slug, mb.slug, g.outcome, g.style_features::text)::text AS cells
    FROM grouped g
    CROSS JOIN LATERAL unnest(array_append(g.category_tags, 'overall')) AS t(tag)
    JOIN models ma ON ma.id = g.model_a_id
    JOIN models mb ON mb.id = g.model_b_id
    GROUP BY t.tag
    ORDER BY t.tag`;
  return rows.map((r) => ({ category: r.category, numVotes: r.n, rowsJson: r.cells }));
}
