import path from "node:path";

// Node flags for every `next start` we launch (npm run arena, npm start, e2e, benches).
//
// A 1 GiB old-space cap: with V8's default for this much RAM (several GiB), the heap
// grows to ~200 MB of dead answer text during a long vote dump before a full collection
// (server peak ~310 MB for 1M votes). Under a 1 GiB cap V8 collects earlier: peak
// ~210 MB, same CPU per vote (npm run bench:export --url). Recomputes run in worker
// threads and peak far below the cap. An operator's own --max-old-space-size in
// NODE_OPTIONS wins.
export const SERVER_HEAP_MB = 1024;

// A 32 MB young generation (V8's semi-space; the default is 16 MB): every deal and vote
// allocates its request, rows and JSON, nearly all dead by the next scavenge, and with
// twice the room V8 scavenges half as often. bench:votes, 10k corpus, idle machine, two
// alternating pairs of runs: server CPU per pair 2.33/2.05 -> 1.80/1.91 ms, 278/298 ->
// 333/320 pairs/s; ~48 MB more reserved. An operator's own flag in NODE_OPTIONS wins.
export const SERVER_SEMI_SPACE_MB = 32;

/** Stamps each request with its TCP peer (lib/abuse/request-facts.ts reads it) and hands the hot path to lib/fast-routes. */
export const SERVER_PRELOAD = path.resolve(import.meta.dirname, "server-preload.cjs");

export function serverNodeArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  const own = env.NODE_OPTIONS ?? "";
  const heap = /--max-old-space-size/.test(own) ? [] : [`--max-old-space-size=${SERVER_HEAP_MB}`];
  const young = /--max-semi-space-size/.test(own) ? [] : [`--max-semi-space-size=${SERVER_SEMI_SPACE_MB}`];
  return [...heap, ...young, "--require", SERVER_PRELOAD];
}

/** `node <flags> next start` on 127.0.0.1:`port`, as arguments for spawn(process.execPath, …). */
export function nextStartArgs(root: string, port: string): string[] {
  return [
    ...serverNodeArgs(),
    path.join(root, "node_modules/next/dist/bin/next"),
    "start",
    "-H",
    "127.0.0.1",
    "-p",
    port,
  ];
}
