import "server-only";
import { createHash } from "node:crypto";
import { db } from "./client";

export type FastChatWinner = "model_a" | "model_b" | "tie" | "tie (bothbad)";

export interface PairCountRow {
  modelA: string;
  modelB: string;
  outcome: FastChatWinner;
  count: number;
  /** Sum of inverse pair probabilities, for propensity-weighted fits. */
  weight: number;
}

export interface VoteAggregate {
  counts: PairCountRow[];
  numVotes: number;
  numExcluded: number;
  /** Identifies the exact set of counted votes (ids and outcomes), independent of row order. */
  voteSetHash: string;
}

const WINNER: Record<string, FastChatWinner> = {
  a: "model_a",
  b: "model_b",
  tie: "tie",
  both_bad: "tie (bothbad)",
};

/**
 * Counts public votes per (category, model A, model B, outcome) in one SQL pass over
 * the votes, so the rating fit never loads individual votes. Every battle belongs to
 * "overall" plus its own tags; `tag` restricts the result to one category.
 */
export async function aggregateVotesByCategory({
  tag,
}: {
  tag?: string;
} = {}): Promise<Map<string, VoteAggregate>> {
  const only = tag ?? null;
  const [rows, summaries] = await Promise.all([
    db.$queryRaw<{ tag: string; model_a: string; model_b: string; outcome: string; n: number; w: number }[]>`
      SELECT t.tag, ma.slug AS model_a, mb.slug AS model_b, v.outcome::text AS outcome,
             count(*)::int AS n, sum(1.0 / b.pair_probability)::float8 AS w
      FROM votes v
      JOIN battles b ON b.id = v.battle_id
      CROSS JOIN LATERAL unnest(array_append(b.category_tags, 'overall')) AS t(tag)
      JOIN models ma ON ma.id = b.model_a_id
      JOIN models mb ON mb.id = b.model_b_id
      WHERE v.counts_for_public AND (${only}::text IS NULL OR t.tag = ${only}::text)
      GROUP BY 1, 2, 3, 4
      ORDER BY 1, 2, 3, 4`,
    db.$queryRaw<{ tag: string; counted: number; excluded: number; idsum: string | null }[]>`
      SELECT t.tag,
             count(*) FILTER (WHERE v.counts_for_public)::int AS counted,
             count(*) FILTER (WHERE NOT v.counts_for_public)::int AS excluded,
             sum(hashtext(v.id::text || v.outcome::text)::numeric) FILTER (WHERE v.counts_for_public)::text AS idsum
      FROM votes v
      JOIN battles b ON b.id = v.battle_id
      CROSS JOIN LATERAL unnest(array_append(b.category_tags, 'overall')) AS t(tag)
      WHERE (${only}::text IS NULL OR t.tag = ${only}::text)
      GROUP BY 1`,
  ]);
  const out = new Map<string, VoteAggregate>();
  for (const s of summaries) {
    if (s.counted === 0) continue;
    const mine = rows.filter((r) => r.tag === s.tag);
    const counts = mine.map((r) => ({
      modelA: r.model_a,
      modelB: r.model_b,
      outcome: WINNER[r.outcome],
      count: r.n,
      weight: r.w,
    }));
    const voteSetHash = createHash("sha256")
      .update(JSON.stringify([s.counted, s.idsum, counts]))
      .digest("hex")
      .slice(0, 32);
    out.set(s.tag, { counts, numVotes: s.counted, numExcluded: s.excluded, voteSetHash });
  }
  return out;
}

const EMPTY: VoteAggregate = { counts: [], numVotes: 0, numExcluded: 0, voteSetHash: "" };

/** One category's aggregate (default "overall"). */
export async function aggregatePublicVotes({
  tag = "overall",
}: {
  tag?: string;
} = {}): Promise<VoteAggregate> {
  return (await aggregateVotesByCategory({ tag })).get(tag) ?? EMPTY;
}

export interface SnapshotInput {
  category: string;
  kind: "plain" | "style";
  params: Record<string, unknown>;
  voteSetHash: string;
  codeVersion: string;
  numVotes: number;
  result: unknown;
}

export async function createSnapshot(s: SnapshotInput): Promise<{ id: string; createdAt: Date }> {
  return db.leaderboardSnapshot.create({
    data: { ...s, params: s.params as object, result: s.result as object },
    select: { id: true, createdAt: true },
  });
}

export interface SnapshotDto extends SnapshotInput {
  id: string;
  createdAt: Date;
}

export async function getLatestSnapshot({
  category,
  kind,
}: {
  category: string;
  kind: "plain" | "style";
}): Promise<SnapshotDto | null> {
  const row = await db.leaderboardSnapshot.findFirst({
    where: { category, kind },
    orderBy: { createdAt: "desc" },
  });
  return row
    ? { ...row, kind: row.kind as "plain" | "style", params: row.params as Record<string, unknown> }
    : null;
}

/** Categories with at least one snapshot, newest snapshot first per category. */
export async function listSnapshotCategories(): Promise<string[]> {
  const rows = await db.leaderboardSnapshot.findMany({ distinct: ["category"], select: { category: true } });
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
  return db.model.findMany({
    select: {
      slug: true,
      displayName: true,
      organization: true,
      license: true,
      openWeights: true,
      status: true,
    },
    orderBy: { slug: "asc" },
  });
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
  const rows = await db.$queryRaw<{ created_at: Date; ratings: Record<string, number> | null }[]>`
    SELECT s.created_at,
           (SELECT jsonb_object_agg(r->>'model', (r->>'rating')::float8)
            FROM jsonb_array_elements(s.result->'rows') r) AS ratings
    FROM leaderboard_snapshots s
    WHERE s.category = ${category} AND s.kind = ${kind}
    ORDER BY s.created_at DESC
    LIMIT ${limit}`;
  return rows.reverse().map((r) => ({ createdAt: r.created_at, ratings: r.ratings ?? {} }));
}
