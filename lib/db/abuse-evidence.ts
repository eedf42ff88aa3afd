import "server-only";
import type { VoteEvidence, VoterOrigin } from "@/lib/abuse/types";
import type { VoteChoice } from "@/lib/arena/sides";
import { db } from "./client";

// What the detectors read, bounded so that screening one vote costs the same however
// many votes the arena holds: a voter's latest votes, an address's votes of the last day.

interface EvidenceRow {
  voter_id: string;
  at: Date;
  server_ms: number | null;
  left_tokens: number | null;
  right_tokens: number | null;
  outcome: "a" | "b" | "tie" | "both_bad";
  shown_left: "a" | "b";
  model_a: string;
  model_b: string;
  ip_hash: string | null;
}

// Detectors count words; stored counts are tokens (about 0.75 words each in English).
const WORDS_PER_TOKEN = 0.75;

function toEvidence(r: EvidenceRow): VoteEvidence {
  const leftIsA = r.shown_left === "a";
  const choice: VoteChoice =
    r.outcome === "tie" || r.outcome === "both_bad"
      ? r.outcome
      : (r.outcome === "a") === leftIsA
        ? "left"
        : "right";
  return {
    voterId: r.voter_id,
    at: r.at.getTime(),
    timeToVoteMs: r.server_ms,
    words: [
      Math.round((r.left_tokens ?? 0) * WORDS_PER_TOKEN),
      Math.round((r.right_tokens ?? 0) * WORDS_PER_TOKEN),
    ],
    choice,
    modelLeft: leftIsA ? r.model_a : r.model_b,
    modelRight: leftIsA ? r.model_b : r.model_a,
    ipHash: r.ip_hash,
  };
}

const SELECT = `
  SELECT v.voter_id::text, v.created_at AS at, v.server_time_to_vote_ms AS server_ms,
         (v.conv_metadata->>'sum_assistant_a_tokens')::int AS left_tokens,
         (v.conv_metadata->>'sum_assistant_b_tokens')::int AS right_tokens,
         v.outcome::text AS outcome, b.shown_left::text AS shown_left,
         ma.slug AS model_a, mb.slug AS model_b, v.ip_hash
  FROM votes v
  JOIN battles b ON b.id = v.battle_id
  JOIN models ma ON ma.id = b.model_a_id
  JOIN models mb ON mb.id = b.model_b_id`;

/** The voter's latest `limit` votes. */
export async function listVoterEvidence({ voterId, limit = 300 }: { voterId: string; limit?: number }) {
  const rows = await db.$queryRawUnsafe<EvidenceRow[]>(
    `${SELECT} WHERE v.voter_id = $1::uuid ORDER BY v.created_at DESC LIMIT $2`,
    voterId,
    limit,
  );
  return rows.map(toEvidence);
}

/** Votes sent from one address (keyed hash) within `sinceMs`, newest first, at most `limit`. */
export async function listAddressEvidence({
  ipHash,
  sinceMs = 86_400_000,
  limit = 3000,
}: {
  ipHash: string;
  sinceMs?: number;
  limit?: number;
}) {
  const rows = await db.$queryRawUnsafe<EvidenceRow[]>(
    `${SELECT} WHERE v.ip_hash = $1 AND v.created_at > now() - $2 * interval '1 millisecond'
     ORDER BY v.created_at DESC LIMIT $3`,
    ipHash,
    sinceMs,
    limit,
  );
  return rows.map(toEvidence);
}

/** Voter cookies first seen from this address within `sinceMs`. */
export async function listAddressOrigins({
  ipHash,
  sinceMs = 86_400_000,
}: {
  ipHash: string;
  sinceMs?: number;
}): Promise<VoterOrigin[]> {
  const rows = await db.$queryRaw<{ id: string; created_at: Date }[]>`
    SELECT id::text, created_at FROM voters
    WHERE ip_hash = ${ipHash} AND created_at > now() - ${sinceMs} * interval '1 millisecond'
    ORDER BY created_at DESC LIMIT 10000`;
  return rows.map((r) => ({ voterId: r.id, firstSeenAt: r.created_at.getTime(), ipHash }));
}

/** Remembers where a voter cookie was first seen (the first request that carried it). */
export async function noteVoterOrigin({ voterId, ipHash }: { voterId: string; ipHash: string | null }) {
  if (ipHash === null) return;
  await db.$executeRaw`
    INSERT INTO voters (id, ip_hash) VALUES (${voterId}::uuid, ${ipHash})
    ON CONFLICT (id) DO UPDATE SET ip_hash = EXCLUDED.ip_hash WHERE voters.ip_hash IS NULL`;
}

/** Ratings (Elo scale) of the latest overall leaderboard, by model slug; empty before the first. */
export async function latestRatings(): Promise<Record<string, number>> {
  const [row] = await db.$queryRaw<{ rows: { model: string; rating: number }[] | null }[]>`
    SELECT result->'rows' AS rows FROM leaderboard_snapshots
    WHERE category = 'overall' AND kind = 'plain' ORDER BY created_at DESC LIMIT 1`;
  return Object.fromEntries((row?.rows ?? []).map((r) => [r.model, r.rating]));
}
