import "server-only";
import { votesVersion } from "@/lib/db/leaderboard-freshness";
import { readPromptCells } from "@/lib/db/similar-prompts";
import { env } from "@/lib/env";
import { buildSimilarIndex, type SimilarBoard, type SimilarIndex, similarBoard } from "./similar";

// The prompt index lives in this process: built in the background from the counted votes
// (one grouped read), rebuilt when the votes have changed and the last build is older than
// ARENA_DIAGNOSTICS_INTERVAL_MS. A query never waits for a build: before the first one it is
// told the index is being built.

interface Built {
  index: SimilarIndex;
  version: string;
  builtAt: number;
  votes: number;
}

// On globalThis: Next bundles route handlers and pages apart, each with its own copy of
// this module, and one index per process is enough.
interface IndexState {
  built: Built | null;
  building: Promise<void> | null;
}
const holder = globalThis as { __arenaPromptIndex?: IndexState };
holder.__arenaPromptIndex ??= { built: null, building: null };
const state: IndexState = holder.__arenaPromptIndex;

function rebuild(): Promise<void> {
  state.building ??= (async () => {
    const seen = await votesVersion();
    const docs = await readPromptCells();
    await new Promise((r) => setImmediate(r));
    state.built = {
      index: buildSimilarIndex(docs),
      version: seen.version,
      builtAt: Date.now(),
      votes: docs.reduce((s, d) => s + d.cells.reduce((t, c) => t + c.count, 0), 0),
    };
  })().finally(() => {
    state.building = null;
  });
  return state.building;
}

export type SimilarView =
  | { status: "indexing" }
  | { status: "ok"; board: SimilarBoard | null; indexedVotes: number; indexedAt: Date; ms: number };

export async function readSimilarBoard(query: string): Promise<SimilarView> {
  const current = state.built;
  if (!current) {
    void rebuild().catch((error) => console.error("prompt index build failed", error));
    return { status: "indexing" };
  }
  if (Date.now() - current.builtAt >= env().ARENA_DIAGNOSTICS_INTERVAL_MS) {
    const seen = await votesVersion();
    if (seen.version !== current.version) {
      void rebuild().catch((error) => console.error("prompt index build failed", error));
    }
  }
  const started = performance.now();
  const board = similarBoard(current.index, query);
  return {
    status: "ok",
    board,
    indexedVotes: current.votes,
    indexedAt: new Date(current.builtAt),
    ms: Math.round(performance.now() - started),
  };
}

/** Builds (or rebuilds) the index now and waits for it: for tests and warm-up. */
export function buildPromptIndex(): Promise<void> {
  return rebuild();
}
