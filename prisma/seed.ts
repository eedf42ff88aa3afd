// npm run db:seed — seeds the demo corpus from prisma/demo/corpus.json.
// Idempotent: running it again changes nothing. The app's start script calls
// seedDemo() from lib/db/corpora.ts directly.
import "dotenv/config";
import { formatImportSummary } from "../lib/corpus/summary";
import { resolveDatabaseUrl } from "../scripts/database-url";

// Imported dynamically so that a bad environment is reported as one clean line.
let disconnect = async () => {};
try {
  await resolveDatabaseUrl();
  const { seedDemo } = await import("../lib/db/corpora");
  const { db } = await import("../lib/db/client");
  disconnect = () => db.$disconnect();
  console.error(formatImportSummary(await seedDemo(), "db:seed (demo corpus)"));
} catch (error) {
  console.error(`db:seed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await disconnect();
}
