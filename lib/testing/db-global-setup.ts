import pg from "pg";
import { migrate } from "../db/migrate";
import { TEST_DATABASE_URL } from "./db-url";

/** Recreates the test database from scratch and applies every migration once per run. */
export default async function setup(): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `Database tests need PostgreSQL at ${url.host} (set TEST_DATABASE_URL, or run \`npm test\`, ` +
        `which starts an embedded one when none answers): ${(error as Error).message}`,
    );
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  await migrate(TEST_DATABASE_URL);
}
