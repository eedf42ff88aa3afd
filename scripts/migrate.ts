import "dotenv/config";
import { ensureDatabase, migrate } from "../lib/db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    "DATABASE_URL is not set. `npm run arena` starts an embedded database and migrates it for you.",
  );
  process.exit(1);
}
await ensureDatabase(url);
const result = await migrate(url);
console.error(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already up to date`);
if (result.backfilled > 0) console.error(`conv_metadata filled in for ${result.backfilled} earlier votes`);
