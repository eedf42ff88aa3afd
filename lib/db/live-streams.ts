import "server-only";
import type { ScreenSide } from "@/lib/arena/sides";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./client";
import { STREAM_LOCK_NS } from "./instance-session";
import { settleBattle } from "./live-answers";

// Whether a live stream runs on *some* app instance: each instance's session holds an
// advisory lock keyed by "<battle id>:<screen side>" while it streams that side
// (lib/db/instance-session.ts), and a crashed instance's locks go with its connection.

export const INTERRUPTED = "interrupted: the server stopped while this answer was streaming";

export const streamKey = (battleId: string, screen: ScreenSide) => `${battleId}:${screen}`;

/** SQL: is the stream lock for `key` (an SQL text expression) held by any session on this database? */
export function streamLockHeldSql(key: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM pg_locks l
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
      AND l.classid = ${Prisma.raw(String(STREAM_LOCK_NS))}::oid
      AND l.objid = hashtext(${key})::oid
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;
}

/** Whether this voter's battle side is streaming on any instance. */
export async function isStreamRunning(input: {
  battleId: string;
  screen: ScreenSide;
  voterId: string;
}): Promise<boolean> {
  const key = streamKey(input.battleId, input.screen);
  const [row] = await db.$queryRaw<{ running: boolean }[]>`
    SELECT ${streamLockHeldSql(Prisma.sql`${key}`)} AS running
    FROM battles WHERE id = ${input.battleId}::uuid AND voter_id = ${input.voterId}::uuid`;
  return row?.running ?? false;
}

/**
 * Closes as interrupted every live answer still marked streaming whose stream runs nowhere
 * (its instance died: kill -9, a crash, a lost host) and settles those battles. Answers
 * younger than `minAgeMs` are left alone: their stream may not have taken its lock yet;
 * older than a day, to whoever asks for that turn again (claimTurn), so the search stays a
 * short range of the partial index (corpus answers carry no finish reason either).
 * Returns the battles settled.
 */
export async function closeOrphanedAnswers({ minAgeMs = 10_000 } = {}): Promise<string[]> {
  const rows = await db.$queryRaw<{ battle_id: string }[]>`
    UPDATE messages m SET finish_reason = 'error', provider_error = ${INTERRUPTED}
    FROM battles b
    WHERE b.id = m.battle_id AND b.mode <> 'corpus' AND m.side IS NOT NULL
      AND m.finish_reason IS NULL AND m.provider_error IS NULL
      AND m.created_at < now() - ${minAgeMs} * interval '1 millisecond'
      AND m.created_at > now() - interval '1 day'
      AND NOT ${streamLockHeldSql(
        Prisma.sql`b.id::text || ':' || CASE WHEN m.side::text = b.shown_left::text THEN 'left' ELSE 'right' END`,
      )}
    RETURNING m.battle_id::text AS battle_id`;
  const battles = [...new Set(rows.map((r) => r.battle_id))];
  for (const battleId of battles) await settleBattle({ battleId });
  return battles;
}
