import pg from "pg";
import { TEST_DATABASE_URL } from "./db-url";

/** Empties every application table (not the migrations table); call it in beforeEach. */
export async function resetDb(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    if (rows.length > 0) {
      await client.query(
        `TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`,
      );
    }
  } finally {
    await client.end();
  }
}

/** One md5 per table over every row's text: equal before and after means nothing changed. */
export async function fingerprintDb(): Promise<string> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    const parts: string[] = [];
    for (const { tablename } of rows) {
      const r = await client.query<{ h: string | null }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${tablename}" t`,
      );
      parts.push(`${tablename}:${r.rows[0].h}`);
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}
