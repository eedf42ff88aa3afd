import pg from "pg";
import { TEST_DATABASE_URL } from "./db-url";

/**
 * Takes a lock on a connection of its own, as another server instance would, until
 * `release` is called: a session advisory lock (`key`) or, with `table`, a lock that
 * blocks writes to that table (reads go on).
 */
export async function holdLock(
  lock: { advisoryKey: number } | { table: string },
): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  if ("advisoryKey" in lock) {
    await client.query("SELECT pg_advisory_lock($1)", [lock.advisoryKey]);
    return async () => {
      await client.query("SELECT pg_advisory_unlock($1)", [lock.advisoryKey]);
      await client.end();
    };
  }
  await client.query("BEGIN");
  await client.query(`LOCK TABLE "${lock.table}" IN EXCLUSIVE MODE`);
  return async () => {
    await client.query("COMMIT");
    await client.end();
  };
}
