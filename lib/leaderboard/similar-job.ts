import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type PromptWatermark, readPromptPages } from "@/lib/db/similar-prompts";
import { WorkerPool } from "@/lib/ratings/io/pool";
import { type PromptOp, type PromptOpResult, runPromptOp } from "@/lib/ratings/io/prompt-jobs";
import type { SimilarBoard } from "@/lib/ratings/prompt-index";

// "Prompts like mine": the prompt index lives on the ratings worker thread of this process
// (the bundled .next/ratings-worker.mjs under `next start`; inline, with the same code,
// elsewhere), so neither building it nor querying it holds the request thread. It is a
// cache of the counted votes: built from the database on first use, then refreshed at most
// every REFRESH_MS from a (created_at, id) watermark, reading only the votes since. Each
// refresh compares a fingerprint of what the index holds with the database's for the same
// cut; a mismatch (votes quarantined or released, a vote committed late) rebuilds it from
// nothing in the background while the old one keeps answering.

const WORKER_FILE = path.join(/* turbopackIgnore: true */ process.cwd(), ".next", "ratings-worker.mjs");
const REFRESH_MS = 10_000;
/** Rows per fetch: bounds what this thread parses and posts to the worker at once. */
const CHUNK_ROWS = 5_000;

type Runner = <T extends PromptOpResult>(task: PromptOp) => Promise<T>;

interface IndexState {
  run: Runner | null;
  pool: WorkerPool | null;
  workerUrl: URL | null;
  /** What the index holds, or null before the first build (or after its worker died). */
  mark: PromptWatermark | null;
  /** Votes with a prompt in the index, as the index last reported. */
  indexedVotes: number;
  refreshedAt: number;
  refreshing: Promise<void> | null;
  /** How the last refresh went: read the votes since the watermark, or rebuilt from nothing. */
  lastRefresh: "incremental" | "full" | null;
}
// On globalThis: Next bundles route handlers and pages apart, each with its own copy of
// this module, and one index per process is enough.
const holder = globalThis as { __arenaPromptIndex?: IndexState };
holder.__arenaPromptIndex ??= {
  run: null,
  pool: null,
  workerUrl: null,
  mark: null,
  indexedVotes: 0,
  refreshedAt: 0,
  refreshing: null,
  lastRefresh: null,
};
const state: IndexState = holder.__arenaPromptIndex;

/**
 * Runs the index on a worker started from `url` (a bench or test passes the .ts entry,
 * lib/ratings/io/ratings-worker-url.ts); null goes back to the default. Drops the index.
 */
export async function setPromptIndexWorker(url: URL | null): Promise<void> {
  await state.pool?.close();
  Object.assign(state, {
    run: null,
    pool: null,
    workerUrl: url,
    mark: null,
    indexedVotes: 0,
    lastRefresh: null,
  });
}

function runner(): Runner {
  if (state.run) return state.run;
  const url =
    state.workerUrl ??
    (process.env.NODE_ENV === "production" && existsSync(WORKER_FILE) ? pathToFileURL(WORKER_FILE) : null);
  if (url) {
    const pool = new WorkerPool(url, 1);
    state.pool = pool;
    state.run = (task) => pool.prompts(0, task);
  } else {
    state.run = async <T extends PromptOpResult>(task: PromptOp) => runPromptOp(task) as T;
  }
  return state.run;
}

/** A dead worker loses its index: start a new one and rebuild. */
async function forget(): Promise<void> {
  const pool = state.pool;
  Object.assign(state, { run: null, pool: null, mark: null, indexedVotes: 0 });
  await pool?.close().catch(() => {});
}

async function refreshOnce(): Promise<void> {
  const run = runner();
  const consistent = (r: Awaited<ReturnType<typeof readPromptPages>>) =>
    r.watermark.votes === r.expected.votes && r.watermark.idsum === r.expected.idsum;
  try {
    if (state.mark) {
      const r = await readPromptPages(state.mark, CHUNK_ROWS, async (batch) => {
        state.indexedVotes = (await run({ op: "add", into: "current", batch })).votes;
      });
      state.mark = r.watermark;
      state.refreshedAt = Date.now();
      if (consistent(r)) {
        state.lastRefresh = "incremental";
        return;
      }
    }
    await run({ op: "begin" });
    const r = await readPromptPages(null, CHUNK_ROWS, async (batch) => {
      await run({ op: "add", into: "next", batch });
    });
    state.indexedVotes = (await run({ op: "commit" })).votes;
    state.mark = r.watermark;
    state.refreshedAt = Date.now();
    state.lastRefresh = "full";
  } catch (error) {
    await forget();
    throw error;
  }
}

function refresh(): Promise<void> {
  state.refreshing ??= refreshOnce().finally(() => {
    state.refreshing = null;
  });
  return state.refreshing;
}

const background = () => void refresh().catch((error) => console.error("prompt index refresh failed", error));

export type SimilarView =
  | { status: "indexing" }
  | { status: "ok"; board: SimilarBoard | null; indexedVotes: number; indexedAt: Date; ms: number };

export async function readSimilarBoard(query: string): Promise<SimilarView> {
  if (!state.mark) {
    background();
    return { status: "indexing" };
  }
  if (Date.now() - state.refreshedAt >= REFRESH_MS) background();
  const started = performance.now();
  const expected = state.indexedVotes;
  const result = await runner()<Extract<PromptOpResult, { op: "query" }>>({ op: "query", query });
  // A worker that restarted answers from an empty index: rebuild rather than show it.
  if (result.votes !== expected && !state.refreshing) {
    await forget();
    background();
    return { status: "indexing" };
  }
  return {
    status: "ok",
    board: result.board,
    indexedVotes: result.votes,
    indexedAt: new Date(state.refreshedAt),
    ms: Math.round(performance.now() - started),
  };
}

/** Builds or refreshes the index now and waits for it (for tests, benches and warm-up); says how. */
export async function buildPromptIndex(): Promise<"incremental" | "full" | null> {
  await refresh();
  return state.lastRefresh;
}
