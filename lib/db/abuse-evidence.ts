import "server-only";
import type { DealEvidence } from "@/lib/abuse/cohort";
import type { VoteEvidence, VoterOrigin } from "@/lib/abuse/types";
import type { VoteChoice } from "@/lib/arena/sides";
import type { Outcome, PairCount } from "@/lib/ratings";
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
  counted: boolean;
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
    counted: r.counted,
  };
}

const SELECT = `
  SELECT v.voter_id::text, v.created_at AS at, v.server_time_to_vote_ms AS server_ms,
         (v.conv_metadata->>'sum_assistant_a_tokens')::int AS left_tokens,
         (v.conv_metadata->>'sum_assistant_b_tokens')::int AS right_tokens,
         v.outcome::text AS outcome, b.shown_left::text AS shown_left,
         ma.slug AS model_a, mb.slug AS model_b, v.ip_hash, v.counts_for_public AS counted
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

/**
 * The overall category's counted vote cells (trigger-kept vote_aggregates: a few rows per
 * model pair), for fitting ratings with some votes left out (lib/abuse/cohort.ts).
 */
export async function listCountedCells(): Promise<PairCount[]> {
  const rows = await db.$queryRaw<{ a: string; b: string; outcome: string; n: number }[]>`
    SELECT ma.slug AS a, mb.slug AS b, va.outcome::text AS outcome, va.n
    FROM vote_aggregates va
    JOIN models ma ON ma.id = va.model_a_id
    JOIN models mb ON mb.id = va.model_b_id
    WHERE va.category = 'overall' AND va.counted AND va.n > 0`;
  return rows.map((r) => ({ modelA: r.a, modelB: r.b, outcome: OUTCOME[r.outcome], count: r.n }));
}

const OUTCOME: Record<string, Outcome> = {
  a: "model_a",
  b: "model_b",
  tie: "tie",
  both_bad: "tie (bothbad)",
};

/**
 * Battles dealt to one voter, or to every voter first seen at one address, within
 * `sinceMs` (newest first, at most `limit`), and whether each got a vote: what selective
 * voting reads. Named battles (the voter picked the models) are left out; an unvoted
 * battle counts as skipped once the voter was dealt another one after it.
 */
export async function listDealEvidence(
  scope: { voterId: string } | { ipHash: string },
  { sinceMs = 86_400_000, limit = 3000 }: { sinceMs?: number; limit?: number } = {},
): Promise<DealEvidence[]> {
  // One statement per scope, not one with "($1 IS NULL OR …)" filters, which no plan can
  // serve with the voter's or the address's index. "Dealt another one after it" is
  // "not the voter's latest battle", from the rows already read: a probe per battle for a
  // later one walked the arena-wide created_at index past every other voter's battles.
  const rows = await db.$queryRawUnsafe<{ voter_id: string; a: string; b: string; voted: boolean }[]>(
    `SELECT voter_id::text, a, b, voted FROM (
       SELECT b.voter_id, b.created_at, b.mode, ma.slug AS a, mb.slug AS b, (v.battle_id IS NOT NULL) AS voted,
              max(b.created_at) OVER (PARTITION BY b.voter_id) AS latest
       FROM battles b
       JOIN models ma ON ma.id = b.model_a_id
       JOIN models mb ON mb.id = b.model_b_id
       LEFT JOIN votes v ON v.battle_id = b.id
       WHERE ${"voterId" in scope ? "b.voter_id = $1::uuid" : "b.voter_id IN (SELECT id FROM voters WHERE ip_hash = $1)"}
         AND b.created_at > now() - $2 * interval '1 millisecond') d
     WHERE mode <> 'named' AND (voted OR created_at < latest)
     ORDER BY created_at DESC LIMIT $3`,
    "voterId" in scope ? scope.voterId : scope.ipHash,
    sinceMs,
    limit,
  );
  return rows.map((r) => ({ voterId: r.voter_id, models: [r.a, r.b], voted: r.voted }));
}
