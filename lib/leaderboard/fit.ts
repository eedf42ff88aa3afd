import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  computeLeaderboard,
  type LeaderboardOptions,
  type LeaderboardResult,
  type PairCount,
  runInWorker,
} from "@/lib/ratings";

// `npm run build` bundles lib/ratings/worker.ts here (scripts/build-ratings-worker.mjs).
const WORKER_FILE = path.join(process.cwd(), ".next", "ratings-worker.mjs");

/**
 * Fits off the request thread when the bundled worker exists (production), so a big
 * recompute does not stall page responses; otherwise (tests, `next dev`) in-process.
 * Both paths give identical numbers for a seed.
 */
export async function fitLeaderboard(
  counts: PairCount[],
  options: LeaderboardOptions,
): Promise<LeaderboardResult> {
  if (options.ci === "bootstrap" && existsSync(WORKER_FILE)) {
    return runInWorker(
      { kind: "bt", counts, options },
      { workerUrl: pathToFileURL(WORKER_FILE), threads: 2 },
    );
  }
  return computeLeaderboard(counts, options);
}
