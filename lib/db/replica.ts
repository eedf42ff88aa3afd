import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { isDatabaseBusy, isDatabaseUnavailable } from "@/lib/errors";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { db } from "./client";
import { sidePool } from "./pools";

// The optional read replica (DATABASE_REPLICA_URL): public reads that may lag by seconds
// (leaderboard, model pages, /data counts, dumps) go to it; everything a voter or a
// maintainer reads back after writing (deal, vote, battle pages, console) stays on `db`.
// A replica that fails is left alone for DOWN_MS and its reads run on the primary, so a
// lost replica costs the primary's load, never an error page.

// Shorter under test, where a case stops and restarts the replica, and measures lag twice in a row.
const TEST = process.env.NODE_ENV === "test";
const DOWN_MS = TEST ? 1_000 : 10_000;
/** How long a snapshot read waits for the replica to replay the announced snapshot before reading the primary. */
const FENCE_WAIT_MS = 500;
const LAG_TTL_MS = TEST ? 0 : 2_000;

interface Replica {
  url: string;
  pool: pg.Pool;
  client: PrismaClient;
  downUntil: number;
  /** The primary's WAL position after the newest snapshot this process heard of; `met` once replayed. */
  fence: { lsn: bigint; met: boolean } | null;
  /** Whether the fence has been set once from the primary's position (this process's first snapshot read). */
  primed: boolean;
  lag: { at: number; value: Promise<ReplicaLag> } | null;
}

const g = globalThis as unknown as { __arenaReplica?: Replica | null };

function replica(): Replica | null {
  if (g.__arenaReplica !== undefined) return g.__arenaReplica;
  const url = env().DATABASE_REPLICA_URL;
  if (!url) {
    g.__arenaReplica = null;
    return null;
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: env().ARENA_DB_POOL_SIZE,
    // Short: a replica that does not answer is skipped for the primary, not waited on.
    connectionTimeoutMillis: 2_000,
    statement_timeout: 30_000,
    idleTimeoutMillis: 30_000,
    application_name: "arena-replica-reads",
  });
  pool.on("error", (error: Error) => console.error("pg replica pool:", error.message));
  g.__arenaReplica = {
    url,
    pool,
    client: new PrismaClient({
      adapter: new PrismaPg(pool),
      log: env().NODE_ENV === "test" ? [] : ["error"],
    }),
    downUntil: 0,
    fence: null,
    primed: false,
    lag: null,
  };
  return g.__arenaReplica;
}

export function replicaConfigured(): boolean {
  return replica() !== null;
}

/** "16/B374D848" as a number, so two WAL positions compare. */
export function parseLsn(lsn: string): bigint {
  const [hi, lo] = lsn.split("/");
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

function usable(r: Replica | null): r is Replica {
  return r !== null && Date.now() >= r.downUntil;
}

function failed(r: Replica, error: unknown): void {
  const message = (error as Error).message?.split("\n").at(-1);
  if (isDatabaseUnavailable(error) || isDatabaseBusy(error)) {
    if (Date.now() >= r.downUntil) console.error(`read replica unavailable, reading the primary: ${message}`);
    r.downUntil = Date.now() + DOWN_MS;
    r.lag = null;
  } else {
    console.error(`read on the replica failed, reading the primary: ${message}`);
  }
}

/** Replayed WAL position of the replica (the current one if it is a primary after all). */
const REPLAYED_SQL = `SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn`;

async function replayed(r: Replica): Promise<bigint> {
  const { rows } = await r.pool.query<{ lsn: string | null }>(REPLAYED_SQL);
  return rows[0].lsn === null ? 0n : parseLsn(rows[0].lsn);
}

/** Whether the replica has replayed the newest announced snapshot, waiting FENCE_WAIT_MS at most. */
async function fenceMet(r: Replica): Promise<boolean> {
  const fence = r.fence;
  if (!fence || fence.met) return true;
  for (const end = Date.now() + FENCE_WAIT_MS; ; ) {
    if ((await replayed(r)) >= fence.lsn) {
      fence.met = true;
      return true;
    }
    if (Date.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs a read on the replica when one is configured and answering, else on the primary.
 * `snapshot: true` for reads of leaderboard snapshots: they go to the primary while the
 * replica has not yet replayed the newest snapshot announced (raiseSnapshotFence), so a
 * board never goes back in time after the signal that a new one exists.
 */
export async function onReadReplica<T>(
  read: (client: PrismaClient) => Promise<T>,
  { snapshot = false }: { snapshot?: boolean } = {},
): Promise<T> {
  const r = replica();
  if (!usable(r)) return read(db);
  if (snapshot && !r.primed) {
    // A process that just started has heard no announcement yet: it must not show an
    // older board than the instances that did, so its first snapshot read waits for the
    // replica to reach where the primary is now.
    r.primed = true;
    await primaryLsn().then(raiseSnapshotFence, () => {});
  }
  let onReplica: boolean;
  try {
    onReplica = !snapshot || (await fenceMet(r));
  } catch (error) {
    failed(r, error);
    return read(db);
  }
  if (!onReplica) return read(db);
  try {
    return await read(r.client);
  } catch (error) {
    failed(r, error);
    return read(db);
  }
}

/** As onReadReplica, for raw pg reads: the replica's pool, else the primary's "reads" pool. */
export async function onReadReplicaPool<T>(read: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const r = replica();
  if (!usable(r)) return read(sidePool("reads"));
  try {
    return await read(r.pool);
  } catch (error) {
    failed(r, error);
    return read(sidePool("reads"));
  }
}

/**
 * A connected client of its own (for a dump's long cursor), on the replica when it answers.
 * `replica` says which it is, for the response headers.
 */
export async function connectForRead(
  config: Omit<pg.ClientConfig, "connectionString">,
): Promise<{ client: pg.Client; replica: boolean }> {
  const r = replica();
  const connect = async (url: string) => {
    const client = new pg.Client({ ...config, connectionString: url });
    // A dropped connection must not crash the process (pg emits 'error' on idle clients).
    client.on("error", (error) => console.error("read connection error", error.message));
    await client.connect();
    return client;
  };
  if (usable(r)) {
    try {
      return { client: await connect(r.url), replica: true };
    } catch (error) {
      failed(r, error);
    }
  }
  return { client: await connect(env().DATABASE_URL), replica: false };
}

/**
 * Called with the primary's WAL position once a new snapshot is committed (in this
 * process, or announced by another instance's signal): snapshot reads go to the primary
 * until the replica has replayed that far.
 */
export function raiseSnapshotFence(lsn: string | bigint): void {
  const r = replica();
  if (!r) return;
  const at = typeof lsn === "bigint" ? lsn : parseLsn(lsn);
  if (!r.fence || at > r.fence.lsn) r.fence = { lsn: at, met: false };
}

/** The primary's current WAL position (after a commit: at or past that commit). */
export async function primaryLsn(): Promise<string> {
  const [row] = await db.$queryRaw<{ lsn: string }[]>`SELECT pg_current_wal_lsn()::text AS lsn`;
  return row.lsn;
}

export interface ReplicaLag {
  /** False: the replica does not answer, and reads go to the primary (lagS null). */
  reachable: boolean;
  /** Seconds the replica is behind the primary; 0 when it has replayed all the primary wrote. */
  lagS: number | null;
}

/**
 * How far behind the replica is; null when none is configured. `now() -
 * pg_last_xact_replay_timestamp()` alone reads as a growing lag on an idle primary, so
 * a replica that has replayed the primary's current WAL position counts as 0 s behind.
 * Kept LAG_TTL_MS, so pages and APIs can show it on every view.
 */
export function replicaLag(): Promise<ReplicaLag> | null {
  const r = replica();
  if (!r) return null;
  if (!usable(r)) return Promise.resolve({ reachable: false, lagS: null });
  if (r.lag && Date.now() - r.lag.at < LAG_TTL_MS) return r.lag.value;
  const value = measureLag(r);
  r.lag = { at: Date.now(), value };
  return value;
}

async function measureLag(r: Replica): Promise<ReplicaLag> {
  // The primary's position first: once the replica has replayed it, it was caught up when asked.
  const primary = await primaryLsn().then(parseLsn, () => null);
  try {
    const { rows } = await r.pool.query<{
      lsn: string | null;
      received: string | null;
      streaming: boolean;
      since_s: number | null;
    }>(
      `SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn,
              pg_last_wal_receive_lsn()::text AS received,
              EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AS streaming,
              CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
                   ELSE 0 END AS since_s`,
    );
    const row = rows[0];
    const at = row.lsn === null ? 0n : parseLsn(row.lsn);
    // Without the primary (down), a replica streaming with nothing left to replay is caught up.
    const caughtUp =
      primary !== null
        ? at >= primary
        : row.streaming && row.received !== null && parseLsn(row.received) <= at;
    const lagS = caughtUp ? 0 : Math.max(0, Math.round((row.since_s ?? 0) * 10) / 10);
    return { reachable: true, lagS };
  } catch (error) {
    failed(r, error);
    return { reachable: false, lagS: null };
  }
}

/**
 * X-Replica-Lag-S for responses read from the replica: seconds behind, or "unreachable"
 * (read from the primary); no header without a replica.
 */
export function replicaHeaders(lag: ReplicaLag | null): Record<string, string> {
  if (!lag) return {};
  return { "X-Replica-Lag-S": lag.reachable && lag.lagS !== null ? String(lag.lagS) : "unreachable" };
}

/** For tests: forgets the replica (its pool closed), so the next read looks at the environment again. */
export async function resetReplica(): Promise<void> {
  const r = g.__arenaReplica;
  g.__arenaReplica = undefined;
  if (r) {
    await r.client.$disconnect().catch(() => {});
    await r.pool.end().catch(() => {});
  }
}
