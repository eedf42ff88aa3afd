import "server-only";
import { db } from "./client";

// Console charts. Each query is bounded by a time window (and indexes on created_at),
// so the page costs the same however old the arena is.

export interface ConsoleStats {
  votesPerDay: { day: string; counted: number; excluded: number; voters: number }[];
  perModel: { model: string; votes: number }[];
  perCategory: { category: string; votes: number }[];
  exclusions: { reason: string; votes: number }[];
  liveModels: {
    model: string;
    answers: number;
    errors: number;
    errorRate: number;
    p50Ms: number | null;
    p95Ms: number | null;
  }[];
}

export async function getConsoleStats({ days = 30 }: { days?: number } = {}): Promise<ConsoleStats> {
  const since = new Date(Date.now() - days * 86_400_000);
  const [votesPerDay, perModel, perCategory, exclusions, liveModels] = await Promise.all([
    db.$queryRaw<ConsoleStats["votesPerDay"]>`
      SELECT to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS day,
             count(*) FILTER (WHERE counts_for_public)::int AS counted,
             count(*) FILTER (WHERE NOT counts_for_public)::int AS excluded,
             count(DISTINCT voter_id)::int AS voters
      FROM votes WHERE created_at >= ${since} GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<ConsoleStats["perModel"]>`
      SELECT m.slug AS model, count(*)::int AS votes
      FROM votes v JOIN battles b ON b.id = v.battle_id JOIN models m ON m.id IN (b.model_a_id, b.model_b_id)
      WHERE v.created_at >= ${since} GROUP BY 1 ORDER BY 2 DESC LIMIT 30`,
    db.$queryRaw<ConsoleStats["perCategory"]>`
      SELECT t.tag AS category, count(*)::int AS votes
      FROM votes v JOIN battles b ON b.id = v.battle_id CROSS JOIN LATERAL unnest(b.category_tags) AS t(tag)
      WHERE v.created_at >= ${since} GROUP BY 1 ORDER BY 2 DESC LIMIT 20`,
    db.$queryRaw<ConsoleStats["exclusions"]>`
      SELECT exclusion_reason AS reason, count(*)::int AS votes
      FROM votes WHERE created_at >= ${since} AND NOT counts_for_public GROUP BY 1 ORDER BY 2 DESC`,
    db.$queryRaw<ConsoleStats["liveModels"]>`
      SELECT m.slug AS model, count(*)::int AS answers,
             count(*) FILTER (WHERE msg.provider_error IS NOT NULL)::int AS errors,
             (count(*) FILTER (WHERE msg.provider_error IS NOT NULL))::float8 / count(*) AS "errorRate",
             percentile_cont(0.5) WITHIN GROUP (ORDER BY msg.latency_ms) AS "p50Ms",
             percentile_cont(0.95) WITHIN GROUP (ORDER BY msg.latency_ms) AS "p95Ms"
      FROM messages msg JOIN battles b ON b.id = msg.battle_id
      JOIN models m ON m.id = CASE WHEN msg.side = 'a' THEN b.model_a_id ELSE b.model_b_id END
      WHERE msg.side IS NOT NULL AND msg.created_at >= ${since} AND b.mode <> 'corpus'
      GROUP BY 1 ORDER BY 1`,
  ]);
  return { votesPerDay, perModel, perCategory, exclusions, liveModels };
}

export interface SnapshotListRow {
  id: string;
  category: string;
  kind: string;
  voteSetHash: string;
  codeVersion: string;
  numVotes: number;
  params: unknown;
  createdAt: Date;
}

export async function listSnapshots({
  category = "overall",
  limit = 50,
}: {
  category?: string;
  limit?: number;
} = {}): Promise<SnapshotListRow[]> {
  return db.leaderboardSnapshot.findMany({
    where: { category },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      category: true,
      kind: true,
      voteSetHash: true,
      codeVersion: true,
      numVotes: true,
      params: true,
      createdAt: true,
    },
  });
}

export interface SnapshotRatings extends SnapshotListRow {
  rows: { model: string; rating: number; ciLower?: number; ciUpper?: number }[];
}

/** Two snapshots' ratings for a side-by-side comparison. */
export async function getSnapshotsForCompare({ ids }: { ids: string[] }): Promise<SnapshotRatings[]> {
  const rows = await db.leaderboardSnapshot.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      category: true,
      kind: true,
      voteSetHash: true,
      codeVersion: true,
      numVotes: true,
      params: true,
      createdAt: true,
      result: true,
    },
  });
  return ids.flatMap((id) => {
    const s = rows.find((r) => r.id === id);
    if (!s) return [];
    const { result, ...meta } = s;
    const list = ((result as { rows?: Record<string, unknown>[] } | null)?.rows ?? []).map((r) => ({
      model: String(r.model),
      rating: Number(r.rating),
      ciLower: typeof r.ciLow === "number" ? r.ciLow : typeof r.ciLower === "number" ? r.ciLower : undefined,
      ciUpper:
        typeof r.ciHigh === "number" ? r.ciHigh : typeof r.ciUpper === "number" ? r.ciUpper : undefined,
    }));
    return [{ ...meta, rows: list }];
  });
}

export async function getConsoleOverview() {
  const [models, votes, voters, quarantined, corpora, snapshot] = await Promise.all([
    db.model.groupBy({ by: ["status"], _count: { _all: true } }),
    db.vote.count(),
    db.voter.count(),
    db.voter.count({ where: { quarantined: true } }),
    db.corpus.count(),
    db.leaderboardSnapshot.findFirst({ orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
  ]);
  return {
    models: Object.fromEntries(models.map((m) => [m.status, m._count._all])) as Record<string, number>,
    votes,
    voters,
    quarantined,
    corpora,
    lastSnapshotAt: snapshot?.createdAt ?? null,
  };
}
