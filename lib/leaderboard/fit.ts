import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { FitJob, FitJobResult } from "@/lib/ratings/io/fit-job";
import { runFitJobs, WorkerPool } from "@/lib/ratings/io/pool";

// `npm run build` bundles the ratings worker entry here (scripts/build-ratings-worker.mjs);
// turbopackIgnore keeps Next's bundler from trying to trace this build-generated file.
const WORKER_FILE = path.join(/* turbopackIgnore: true */ process.cwd(), ".next", "ratings-worker.mjs");
const THREADS = 2;

/**
 * Fits every job, two at a time on worker threads when the bundled worker exists
 * (`next start`), so a big recompute neither stalls page responses nor leaves a core idle;
 * inline otherwise (tests, `next dev`). Both paths run the same code and give the same numbers.
 */
export async function fitAll(jobs: FitJob[]): Promise<FitJobResult[]> {
  if (jobs.length === 0) return [];
  // Only the production server uses the bundle: elsewhere it may be stale against the sources.
  if (process.env.NODE_ENV !== "production" || !existsSync(WORKER_FILE)) return runFitJobs(jobs, null);
  const pool = new WorkerPool(pathToFileURL(WORKER_FILE), Math.min(THREADS, jobs.length));
  try {
    return await runFitJobs(jobs, pool);
  } finally {
    await pool.close();
  }
}
