import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import { ColumnsBuilder, type DiagnosticColumns } from "@/lib/ratings/diagnostics/columns";
import type { CriterionVote } from "@/lib/ratings/diagnostics/criteria";
import type { Outcome } from "@/lib/ratings/types";
import { db } from "./client";
import { cached } from "./read-cache";

const OUTCOME: Record<string, Outcome> = {
  a: "model_a",
  b: "model_b",
  tie: "tie",
  both_bad: "tie (bothbad)",
};

/**
 * The counted votes of a category with what the diagnostics read beyond the aggregates:
 * the side shown left, the voter, the server-measured time to vote and the per-side
 * covariates stored at vote time. As columns (lib/ratings/diagnostics/columns.ts), read
 * through a cursor a few thousand rows at a time: a large category never becomes a million
 * row objects at once on this thread (Prisma mapped them all in one synchronous stretch:
 * 33 s at 1M votes).
 */
export async function readDiagnosticColumns({
  category,
  features,
}: {
  category: string;
  features: readonly string[];
}): Promise<DiagnosticColumns> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  client.on("error", (error) => console.error("diagnostics read:", error.message));
  await client.connect();
  const builder = new ColumnsBuilder(features);
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query(
      `DECLARE diag_votes NO SCROLL CURSOR FOR
       SELECT ma.slug, mb.slug, v.outcome::text, bt.shown_left::text,
              floor(extract(epoch FROM v.created_at) * 1000), v.voter_id::text,
              coalesce(v.server_time_to_vote_ms, v.time_to_vote_ms), v.style_features
       FROM votes v
       JOIN battles bt ON bt.id = v.battle_id
       JOIN models ma ON ma.id = bt.model_a_id
       JOIN models mb ON mb.id = bt.model_b_id
       WHERE v.counts_for_public AND ($1 = 'overall' OR $1 = ANY (bt.category_tags))
       ORDER BY v.created_at`,
      [category],
    );
    type Row = [
      string,
      string,
      string,
      "a" | "b",
      string,
      string,
      number | null,
      Record<string, [number, number]> | null,
    ];
    for (;;) {
      const { rows } = await client.query<Row>({ text: "FETCH 5000 FROM diag_votes", rowMode: "array" });
      if (rows.length === 0) break;
      for (const [a, b, outcome, shownLeft, at, voterId, ms, features] of rows)
        builder.push({
          modelA: a,
          modelB: b,
          outcome: OUTCOME[outcome],
          shownLeft,
          at: Number(at),
          voterId,
          timeToVoteMs: ms,
          features: features ?? undefined,
        });
    }
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
  return builder.build();
}

/** The per-criterion answers on a category's counted votes (model A/B as stored). */
export async function readCriterionVotes({ category }: { category: string }): Promise<CriterionVote[]> {
  const rows = await db.$queryRaw<{ criterion: string; a: string; b: string; outcome: string }[]>`
    SELECT vc.criterion, ma.slug AS a, mb.slug AS b, vc.outcome::text AS outcome
    FROM vote_criteria vc
    JOIN votes v ON v.id = vc.vote_id
    JOIN battles bt ON bt.id = v.battle_id
    JOIN models ma ON ma.id = bt.model_a_id
    JOIN models mb ON mb.id = bt.model_b_id
    WHERE v.counts_for_public AND (${category} = 'overall' OR ${category} = ANY (bt.category_tags))`;
  return rows.map((r) => ({ criterion: r.criterion, modelA: r.a, modelB: r.b, outcome: OUTCOME[r.outcome] }));
}

export interface StoredDiagnostics {
  category: string;
  votesVersion: string;
  numVotes: number;
  durationMs: number;
  createdAt: Date;
  result: unknown;
}

export async function saveDiagnostics(
  d: Omit<StoredDiagnostics, "createdAt" | "result"> & { resultJson: string },
) {
  await db.$executeRaw`
    INSERT INTO leaderboard_diagnostics (category, votes_version, num_votes, duration_ms, result)
    VALUES (${d.category}, ${d.votesVersion}, ${d.numVotes}, ${d.durationMs}, ${d.resultJson}::jsonb)`;
  // Only the newest few are ever read; older ones are history nobody asked for.
  await db.$executeRaw`
    DELETE FROM leaderboard_diagnostics WHERE category = ${d.category} AND id NOT IN (
      SELECT id FROM leaderboard_diagnostics WHERE category = ${d.category} ORDER BY created_at DESC LIMIT 3)`;
}

/** The newest diagnostics of a category, or null before the first computation. */
export async function getLatestDiagnostics({
  category,
}: {
  category: string;
}): Promise<StoredDiagnostics | null> {
  return cached(`diagnostics:${category}`, () =>
    db.leaderboardDiagnostics.findFirst({
      where: { category },
      orderBy: { createdAt: "desc" },
      select: {
        category: true,
        votesVersion: true,
        numVotes: true,
        durationMs: true,
        createdAt: true,
        result: true,
      },
    }),
  );
}
