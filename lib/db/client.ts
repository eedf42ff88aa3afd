import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; requestPool?: pg.Pool };

function createPool(): pg.Pool {
  // A request that finds every connection busy waits ARENA_DB_POOL_WAIT_MS at most, then
  // fails with pg's "timeout exceeded when trying to connect", which the routes and actions
  // answer as 503 "busy" (lib/errors.ts isDatabaseBusy), not 500.
  const pool = new pg.Pool({
    connectionString: env().DATABASE_URL,
    max: env().ARENA_DB_POOL_SIZE,
    connectionTimeoutMillis: env().ARENA_DB_POOL_WAIT_MS,
  });
  // An idle client's error (the server restarting) must not crash the process.
  pool.on("error", (error: Error) => console.error("pg request pool:", error.message));
  return pool;
}

function createClient(pool: pg.Pool): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg(pool),
    log: env().NODE_ENV === "development" ? ["warn", "error"] : env().NODE_ENV === "test" ? [] : ["error"],
  });
}

const pool: pg.Pool = globalForPrisma.requestPool ?? createPool();
export const db: PrismaClient = globalForPrisma.prisma ?? createClient(pool);
if (env().NODE_ENV !== "production") {
  globalForPrisma.requestPool = pool;
  globalForPrisma.prisma = db;
}

/**
 * Runs a named prepared statement on Prisma's own connection pool, bypassing its query
 * engine: for the few statements every deal and vote runs (lib/db/battles.ts,
 * lib/db/votes.ts), where Prisma's per-call work (~0.15 ms of CPU for a raw query) and
 * Postgres's re-planning add up. Each connection parses and plans a statement once.
 * Values are pg's: json as objects, timestamptz as Date, enums as strings.
 */
export async function prepared<R>(name: string, text: string, values: unknown[]): Promise<R[]> {
  return (await pool.query({ name, text, values })).rows as R[];
}
