import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import { db } from "./client";

// Any fixed 64-bit key works; this one is "leaderboard recompute" in no particular encoding.
export const RECOMPUTE_LOCK_KEY = 7_311_001;

/**
 * Runs `fn` holding the cluster-wide recompute lock, or returns `{ busy: true }` at once
 * when another process (or this one) holds it. A session-level advisory lock on a
 * connection of its own: votes never wait for it, and a crashed holder's lock goes with
 * its connection.
 */
export async function withRecomputeLock<T>(
  fn: () => Promise<T>,
): Promise<{ busy: true } | { busy: false; value: T }> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, connectionTimeoutMillis: 5_000 });
  // The server going away while the lock is held (a restart) must fail this run, not crash
  // the process: without a listener pg's "error" event is an uncaught exception.
  client.on("error", (error) => console.error("recompute lock connection lost:", error.message));
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      RECOMPUTE_LOCK_KEY,
    ]);
    if (!rows[0].locked) return { busy: true };
    try {
      return { busy: false, value: await fn() };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [RECOMPUTE_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/**
 * A fingerprint of every vote's (id, outcome, counted): each vote is in "overall" exactly
 * once, so the trigger-kept sums there change whenever a vote is added, removed or
 * excluded. Reads a few rows per model pair, however many votes there are.
 */
export const VOTES_VERSION_SQL = `
    SELECT concat_ws(':', sum(n), sum(idsum), sum(n) FILTER (WHERE counted), sum(idsum) FILTER (WHERE counted)) AS version,
           statement_timestamp() AS at
    FROM vote_aggregates WHERE category = 'overall'`;

export async function votesVersion(): Promise<{ version: string; at: Date }> {
  const [row] = await db.$queryRawUnsafe<{ version: string; at: Date }[]>(VOTES_VERSION_SQL);
  return row;
}

export interface RecomputeState {
  votesUntil: Date;
  votesVersion: string;
  finishedAt: Date;
  durationMs: number;
}

export async function getRecomputeState(): Promise<RecomputeState | null> {
  return db.leaderboardRecomputeState.findUnique({
    where: { id: 1 },
    select: { votesUntil: true, votesVersion: true, finishedAt: true, durationMs: true },
  });
}

export async function saveRecomputeState(s: Omit<RecomputeState, "finishedAt">): Promise<void> {
  await db.$executeRaw`
    INSERT INTO leaderboard_recompute_state (id, votes_until, votes_version, finished_at, duration_ms)
    VALUES (1, ${s.votesUntil}, ${s.votesVersion}, clock_timestamp(), ${s.durationMs})
    ON CONFLICT (id) DO UPDATE SET votes_until = EXCLUDED.votes_until, votes_version = EXCLUDED.votes_version,
      finished_at = EXCLUDED.finished_at, duration_ms = EXCLUDED.duration_ms`;
}

export interface Freshness {
  /** When the last recompute finished (null: never). */
  updatedAt: Date | null;
  /** Votes cast after the last recompute read the votes: not on the board yet. */
  votesSince: number;
  /** The oldest of those votes, from which the maximum wait runs. */
  firstUncountedAt: Date | null;
  /** The database's clock, so callers measure ages on one clock. */
  now: Date;
}

/**
 * How far behind the board is, from the database alone (so any instance can tell).
 * The created_at index makes this cost the number of votes since, not all votes.
 */
export async function getFreshness(): Promise<Freshness> {
  const [row] = await db.$queryRaw<
    { finished_at: Date | null; votes_since: number; first_at: Date | null; now: Date }[]
  >`
    SELECT s.finished_at, count(v.id)::int AS votes_since, min(v.created_at) AS first_at, statement_timestamp() AS now
    FROM (SELECT 1) one
    LEFT JOIN leaderboard_recompute_state s ON s.id = 1
    LEFT JOIN votes v ON v.created_at > coalesce(s.votes_until, '-infinity'::timestamptz)
    GROUP BY s.finished_at`;
  return {
    updatedAt: row.finished_at,
    votesSince: row.votes_since,
    firstUncountedAt: row.first_at,
    now: row.now,
  };
}
