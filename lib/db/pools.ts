import "server-only";
import pg from "pg";
import { env } from "@/lib/env";

// Small pg pools apart from Prisma's: rate-limit bookkeeping, and the heavy reads
// (dataset-card and /data counts) under a statement_timeout, so neither can take the
// connections that votes need.
const globalPools = globalThis as unknown as { arenaSidePools?: Map<string, pg.Pool> };
globalPools.arenaSidePools ??= new Map<string, pg.Pool>();
const pools = globalPools.arenaSidePools;

export type SidePool = "limits" | "reads";

const SETTINGS: Record<SidePool, { max: number; statementTimeoutMs: number }> = {
  limits: { max: 3, statementTimeoutMs: 2_000 },
  reads: { max: 2, statementTimeoutMs: 30_000 },
};

export function sidePool(name: SidePool): pg.Pool {
  let pool = pools.get(name);
  if (!pool) {
    const s = SETTINGS[name];
    pool = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: s.max,
      statement_timeout: s.statementTimeoutMs,
      // A rate-limit check never queues without end: one that gets no connection within
      // ARENA_DB_POOL_WAIT_MS lets the request through (lib/db/rate-limits.ts, logged).
      // The heavy reads wait at most 5 s too: a database that is down answers 503, never hangs.
      connectionTimeoutMillis: name === "limits" ? env().ARENA_DB_POOL_WAIT_MS : 5_000,
      application_name: `arena-${name}`,
      idleTimeoutMillis: 30_000,
    });
    // An idle client's error (the server restarting) must not crash the process.
    pool.on("error", (error: Error) => console.error(`pg pool ${name}:`, error.message));
    pools.set(name, pool);
  }
  return pool;
}
