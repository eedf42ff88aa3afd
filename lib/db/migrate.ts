// Applies prisma/migrations/*/migration.sql in order, the way `prisma migrate deploy`
// would, because Prisma's CLI cannot download its schema engine offline. Rows go
// into Prisma's own _prisma_migrations table (sha256 checksum), so `prisma migrate
// status` agrees on a machine that has the engine. Not "server-only": the start
// script and tests call it outside Next.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { backfillConvMetadata } from "./conv-metadata-backfill";

const LOCK_KEY = 727_274_001; // arbitrary, constant: serialises concurrent starters

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
  /** Votes whose conv_metadata the JS backfill filled in (see conv-metadata-backfill.ts). */
  backfilled: number;
}

export function listMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string; checksum: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(connectionString: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: 0, backfilled: 0 };
    for (const m of listMigrations(dir)) {
      const previous = applied.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(`Migration ${m.name} was modified after it was applied (checksum mismatch).`);
        }
        result.alreadyApplied++;
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
      }
      result.applied.push(m.name);
    }
    result.backfilled = await backfillConvMetadata(client, {
      onProgress: (n) => {
        if (n % 100_000 === 0) console.error(`migrate: conv_metadata filled in for ${n} votes …`);
      },
    });
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/** Runs `fn` on a connection to the `postgres` database of the server in the URL, with the URL's database name. */
async function withAdmin(
  connectionString: string,
  fn: (client: pg.Client, db: { name: string; quoted: string }) => Promise<void>,
): Promise<void> {
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) throw new Error("DATABASE_URL names no database");
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await fn(client, { name, quoted: `"${name.replaceAll('"', '""')}"` });
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL if it does not exist (connects to `postgres`). */
export async function ensureDatabase(connectionString: string): Promise<void> {
  await withAdmin(connectionString, async (client, { name, quoted }) => {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount !== 0) return;
    try {
      await client.query(`CREATE DATABASE ${quoted}`);
    } catch (error) {
      // Another instance starting at the same moment created it first: that is fine.
      const code = (error as { code?: string }).code;
      if (code !== "42P04" && code !== "23505") throw error;
    }
  });
}

/** Drops the database named in the URL, closing its sessions: benchmarks clean up their scratch databases. */
export async function dropDatabase(connectionString: string): Promise<void> {
  await withAdmin(connectionString, async (client, { quoted }) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  });
}

/** Drops the database named in the URL (closing its sessions) and creates it empty: for tests and benchmarks. */
export async function recreateDatabase(connectionString: string): Promise<void> {
  await withAdmin(connectionString, async (client, { quoted }) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
  });
}
