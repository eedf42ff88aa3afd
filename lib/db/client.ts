import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient(): PrismaClient {
  // A request that finds every connection busy waits ARENA_DB_POOL_WAIT_MS at most, then
  // fails with pg's "timeout exceeded when trying to connect", which the routes and actions
  // answer as 503 "busy" (lib/errors.ts isDatabaseBusy), not 500.
  const adapter = new PrismaPg({
    connectionString: env().DATABASE_URL,
    max: env().ARENA_DB_POOL_SIZE,
    connectionTimeoutMillis: env().ARENA_DB_POOL_WAIT_MS,
  });
  return new PrismaClient({
    adapter,
    log: env().NODE_ENV === "development" ? ["warn", "error"] : env().NODE_ENV === "test" ? [] : ["error"],
  });
}

export const db: PrismaClient = globalForPrisma.prisma ?? createClient();
if (env().NODE_ENV !== "production") globalForPrisma.prisma = db;
