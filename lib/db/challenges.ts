import "server-only";
import type { ChallengeState } from "@/lib/abuse/challenge";
import { db } from "./client";

/**
 * What lib/abuse/challenge.ts decides on, in one round trip: the voter's last pass, votes
 * and open suggestions since, and new cookies at the address within `churnWindowMs`.
 */
export async function getChallengeState({
  voterId,
  ipHash,
  churnWindowMs,
}: {
  voterId: string;
  ipHash: string | null;
  churnWindowMs: number;
}): Promise<ChallengeState> {
  const [row] = await db.$queryRaw<{ passed: boolean; votes: number; flagged: boolean; cookies: number }[]>`
    WITH p AS (SELECT max(created_at) AS at FROM challenge_passes WHERE voter_id = ${voterId}::uuid)
    SELECT p.at IS NOT NULL AS passed,
           (SELECT count(*) FROM votes v
             WHERE v.voter_id = ${voterId}::uuid AND (p.at IS NULL OR v.created_at > p.at))::int AS votes,
           EXISTS (SELECT 1 FROM abuse_flags f
             WHERE f.voter_id = ${voterId}::uuid AND f.status = 'open'
               AND (p.at IS NULL OR f.created_at > p.at)) AS flagged,
           (SELECT count(*) FROM voters w
             WHERE ${ipHash}::text IS NOT NULL AND w.ip_hash = ${ipHash}::text
               AND w.created_at > now() - ${churnWindowMs} * interval '1 millisecond')::int AS cookies
    FROM p`;
  return {
    passedBefore: row.passed,
    votesSincePass: row.votes,
    flaggedSincePass: row.flagged,
    newCookiesAtAddress: row.cookies,
  };
}

/** Records a pass; false when this challenge (its nonce) was already used. */
export async function recordChallengePass({
  voterId,
  kind,
  nonce,
}: {
  voterId: string;
  kind: "pow" | "turnstile";
  nonce: string;
}): Promise<boolean> {
  const n = await db.$executeRaw`
    INSERT INTO challenge_passes (voter_id, kind, nonce) VALUES (${voterId}::uuid, ${kind}, ${nonce})
    ON CONFLICT (nonce) DO NOTHING`;
  return n === 1;
}
