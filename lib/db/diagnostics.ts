import "server-only";
import type { CriterionVote } from "@/lib/ratings/diagnostics/criteria";
import type { DiagnosticVote } from "@/lib/ratings/diagnostics/types";
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
 * covariates stored at vote time. One pass over the votes, so this runs in the background.
 */
export async function readDiagnosticVotes({ category }: { category: string }): Promise<DiagnosticVote[]> {
  const rows = await db.$queryRaw<
    {
      a: string;
      b: string;
      outcome: string;
      shown_left: "a" | "b";
      at: Date;
      voter_id: string;
      ms: number | null;
      features: Record<string, [number, number]> | null;
    }[]
  >`
    SELECT ma.slug AS a, mb.slug AS b, v.outcome::text AS outcome, bt.shown_left::text AS shown_left,
           v.created_at AS at, v.voter_id::text AS voter_id,
           coalesce(v.server_time_to_vote_ms, v.time_to_vote_ms) AS ms, v.style_features AS features
    FROM votes v
    JOIN battles bt ON bt.id = v.battle_id
    JOIN models ma ON ma.id = bt.model_a_id
    JOIN models mb ON mb.id = bt.model_b_id
    WHERE v.counts_for_public AND (${category} = 'overall' OR ${category} = ANY (bt.category_tags))
    ORDER BY v.created_at`;
  return rows.map((r) => ({
    modelA: r.a,
    modelB: r.b,
    outcome: OUTCOME[r.outcome],
    shownLeft: r.shown_left,
    at: r.at.getTime(),
    voterId: r.voter_id,
    timeToVoteMs: r.ms,
    features: r.features ?? undefined,
  }));
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
