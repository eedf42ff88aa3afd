// The prompt index's home on a worker thread (or inline when the app runs without the
// bundled worker): one index serves queries while a full rebuild fills the next one, which
// then replaces it. The index is a cache of the database's counted votes, rebuilt on any
// instance; nothing here is a source of truth.
import {
  type PromptBatch,
  PromptIndex,
  type SimilarBoard,
  type SimilarOptions,
  similarBoard,
} from "../prompt-index";

export type PromptOp =
  | { op: "begin" }
  | { op: "add"; into: "current" | "next"; batch: PromptBatch }
  | { op: "commit" }
  | { op: "query"; query: string; options?: SimilarOptions };

export type PromptOpResult =
  | { op: "begin" | "add" | "commit"; prompts: number; votes: number }
  | { op: "query"; board: SimilarBoard | null; prompts: number; votes: number; ms: number };

interface Indexes {
  current: PromptIndex | null;
  next: PromptIndex | null;
}
// One set per thread (a worker's own globals, or the server's when inline).
const holder = globalThis as { __arenaPromptIndexes?: Indexes };
holder.__arenaPromptIndexes ??= { current: null, next: null };
const state: Indexes = holder.__arenaPromptIndexes;

export function runPromptOp(job: PromptOp): PromptOpResult {
  switch (job.op) {
    case "begin":
      state.next = new PromptIndex();
      return { op: job.op, prompts: 0, votes: 0 };
    case "add": {
      if (job.into === "current") state.current ??= new PromptIndex();
      const target = job.into === "next" ? state.next : state.current;
      if (!target) throw new Error("prompt index: add to next before begin");
      target.add(job.batch);
      return { op: job.op, prompts: target.prompts, votes: target.votes };
    }
    case "commit": {
      if (!state.next) throw new Error("prompt index: commit before begin");
      state.current = state.next;
      state.next = null;
      return { op: job.op, prompts: state.current.prompts, votes: state.current.votes };
    }
    case "query": {
      const started = performance.now();
      const index = state.current ?? new PromptIndex();
      const board = similarBoard(index, job.query, job.options);
      return {
        op: "query",
        board,
        prompts: index.prompts,
        votes: index.votes,
        ms: performance.now() - started,
      };
    }
  }
}
