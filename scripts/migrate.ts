import "dotenv/config";
import { ensureDatabase, migrate } from "../lib/db/migrate";
import { resolveDatabaseUrl } from "./database-url";

let url: string;
try {
  url = await resolveDatabaseUrl();
} catch (error) {
  console.error(`db:deploy: ${(error as Error).message}`);
  process.exit(1);
}
await ensureDatabase(url);
const result = await migrate(url);
console.error(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already up to date`);
if (result.backfilled > 0) console.error(`conv_metadata filled in for ${result.backfilled} earlier votes`);
