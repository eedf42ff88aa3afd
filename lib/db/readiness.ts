import "server-only";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { db } from "./client";

// What readiness asks of the database: reachable, and every migration shipped with this
// build applied (a new build started before `db:deploy` must not take traffic).

const TIMEOUT_MS = 2_000;

/** Migration folders shipped with the app (read from the working directory: bundling moves this file). */
function shippedMigrations(): string[] {
  const dir = path.join(process.cwd(), "prisma", "migrations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name);
}

let allApplied = false;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Null when ready, else why not. */
export async function databaseProblem(): Promise<string | null> {
  try {
    if (allApplied) {
      await withTimeout(db.$queryRaw`SELECT 1`, "the database");
      return null;
    }
    const rows = await withTimeout(
      db.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      "the database",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    const missing = shippedMigrations().filter((m) => !applied.has(m));
    if (missing.length > 0) {
      return `${missing.length} migration(s) not applied yet (${missing[0]}…): run npm run db:deploy`;
    }
    allApplied = true;
    return null;
  } catch (error) {
    const message = (error as Error).message ?? "";
    if (/_prisma_migrations.*does not exist|relation .* does not exist/i.test(message)) {
      return "the database has no migrations applied: run npm run db:deploy";
    }
    return `the database is unreachable (${message.split("\n").at(-1)?.slice(0, 200)})`;
  }
}
