import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_DATABASE_URL } from "@/lib/testing/db-url";
import { ensureDatabase, listMigrations, migrate } from "./migrate";

// Two (here: three) app instances starting at once on a database that does not exist yet:
// each creates it if missing and applies the migrations; both must succeed, and every
// migration must be applied exactly once (the advisory lock in migrate()).
const url = new URL(TEST_DATABASE_URL);
url.pathname = `${url.pathname}_race`;
const RACE_URL = url.toString();

async function dropRaceDb() {
  const admin = new URL(RACE_URL);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${decodeURIComponent(url.pathname.slice(1))}" WITH (FORCE)`);
  await client.end();
}

describe("instances starting at once on an empty database", () => {
  afterAll(dropRaceDb);

  it("creates the database once and applies each migration once", async () => {
    await dropRaceDb();
    const start = async () => {
      await ensureDatabase(RACE_URL);
      return migrate(RACE_URL);
    };
    const results = await Promise.all([start(), start(), start()]);
    const total = listMigrations().length;
    expect(results.map((r) => r.applied.length).sort((a, b) => b - a)).toEqual([total, 0, 0]);
    expect(results.filter((r) => r.alreadyApplied === total)).toHaveLength(2);
    const client = new pg.Client({ connectionString: RACE_URL });
    await client.connect();
    const rows = await client.query(
      `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY 1 HAVING count(*) > 1`,
    );
    const applied = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    await client.end();
    expect(rows.rows).toEqual([]);
    expect(applied.rows[0].n).toBe(total);
  });
});
