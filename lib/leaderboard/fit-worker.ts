// Worker-thread entry, bundled to .next/fit-worker.mjs by scripts/build-ratings-worker.mjs.
import { parentPort } from "node:worker_threads";
import { type FitJob, runFitJob } from "./fit-job";

parentPort?.on("message", (job: FitJob) => {
  try {
    parentPort?.postMessage({ ok: true, result: runFitJob(job) });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
