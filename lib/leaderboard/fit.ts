import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { type FitJob, type FitJobResult, runFitJob } from "./fit-job";

// `npm run build` bundles lib/leaderboard/fit-worker.ts here (scripts/build-ratings-worker.mjs);
// turbopackIgnore keeps Next's bundler from trying to trace this build-generated file.
const WORKER_FILE = path.join(/* turbopackIgnore: true */ process.cwd(), ".next", "fit-worker.mjs");
const THREADS = 2;

function runOnWorker(worker: Worker, job: FitJob): Promise<FitJobResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { ok: boolean; result?: FitJobResult; error?: string }) => {
      worker.off("error", onError);
      if (msg.ok && msg.result) resolve(msg.result);
      else reject(new Error(`rating fit failed for ${job.category}: ${msg.error}`));
    };
    const onError = (error: Error) => {
      worker.off("message", onMessage);
      reject(error);
    };
    worker.once("message", onMessage);
    worker.once("error", onError);
    worker.postMessage(job);
  });
}

/**
 * Fits every job, two at a time on worker threads when the bundled worker exists
 * (`next start`), so a big recompute neither stalls page responses nor leaves a core idle;
 * inline otherwise (tests, `next dev`). Both paths run the same code and give the same numbers.
 */
export async function fitAll(jobs: FitJob[]): Promise<FitJobResult[]> {
  if (jobs.length === 0) return [];
  // Only the production server uses the bundle: elsewhere it may be stale against the sources.
  if (process.env.NODE_ENV !== "production" || !existsSync(WORKER_FILE)) return jobs.map(runFitJob);
  const workers = Array.from({ length: Math.min(THREADS, jobs.length) }, () => new Worker(WORKER_FILE));
  try {
    const results: FitJobResult[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(
      workers.map(async (w) => {
        while (next < jobs.length) {
          const i = next++;
          results[i] = await runOnWorker(w, jobs[i]);
        }
      }),
    );
    return results;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
