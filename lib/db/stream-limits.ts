import "server-only";
import { RateLimitedError } from "@/lib/abuse/limits";
import { env } from "@/lib/env";
import { db } from "./client";

// Caps on upstream streams that hold across instances: leases in Postgres (an instance
// that crashes leaves leases that expire), and each model's daily token budget.

const LEASE_MS = 10 * 60_000;
const RETRY_BUSY_MS = 5_000;

/**
 * Takes a lease for one stream request (both sides of a turn) or throws a 429 when the
 * voter or the whole arena already has its maximum in flight. An advisory lock makes
 * count-then-insert atomic across instances.
 */
export async function acquireStreamLease(input: {
  voterId: string;
  battleId: string;
  caps?: { perVoter: number; overall: number };
}): Promise<{ id: string } | null> {
  if (env().ARENA_ABUSE_DEFENCES === "off" && !input.caps) return null;
  const caps = input.caps ?? {
    perVoter: env().ARENA_MAX_STREAMS_PER_VOTER,
    overall: env().ARENA_MAX_STREAMS,
  };
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('arena:stream_leases'))`;
    await tx.$executeRaw`DELETE FROM stream_leases WHERE expires_at < now() - interval '1 hour'`;
    const [c] = await tx.$queryRaw<{ voter: number; overall: number }[]>`
      SELECT count(*) FILTER (WHERE voter_id = ${input.voterId}::uuid)::int AS voter, count(*)::int AS overall
      FROM stream_leases WHERE expires_at > now()`;
    if (c.voter >= caps.perVoter) {
      throw new RateLimitedError(
        "You already have answers streaming in another tab. Wait for them to finish, or stop them, then try again.",
        RETRY_BUSY_MS,
      );
    }
    if (c.overall >= caps.overall) {
      throw new RateLimitedError(
        "The arena is answering as many prompts as it can right now. Please try again in a few seconds.",
        RETRY_BUSY_MS,
      );
    }
    const [lease] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO stream_leases (voter_id, battle_id, expires_at)
      VALUES (${input.voterId}::uuid, ${input.battleId}::uuid, now() + ${LEASE_MS} * interval '1 millisecond')
      RETURNING id`;
    return lease;
  });
}

export async function releaseStreamLease(lease: { id: string } | null): Promise<void> {
  if (lease) await db.$executeRaw`DELETE FROM stream_leases WHERE id = ${lease.id}::uuid`;
}

/** Ids of models that produced at least their daily token budget today (UTC). */
export async function modelsOverBudget(): Promise<Set<string>> {
  if (env().ARENA_ABUSE_DEFENCES === "off") return new Set();
  const rows = await db.$queryRaw<{ model_id: string }[]>`
    SELECT u.model_id FROM model_token_usage u JOIN models m ON m.id = u.model_id
    WHERE u.day = (now() AT TIME ZONE 'UTC')::date
      AND u.tokens >= coalesce((m.provider_config->>'dailyTokenBudget')::bigint, ${env().ARENA_MODEL_DAILY_TOKENS})`;
  return new Set(rows.map((r) => r.model_id));
}

/** Throws a 429 (until the next UTC midnight) when a model of this battle is over budget. */
export async function assertBattleWithinBudget({ battleId }: { battleId: string }): Promise<void> {
  const over = await modelsOverBudget();
  if (over.size === 0) return;
  const battle = await db.battle.findUnique({
    where: { id: battleId },
    select: { modelAId: true, modelBId: true },
  });
  if (!battle || !(over.has(battle.modelAId) || over.has(battle.modelBId))) return;
  const now = new Date();
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  throw new RateLimitedError(
    "A model in this battle has used up today's answer budget. Please start a new battle.",
    midnight - now.getTime(),
  );
}
