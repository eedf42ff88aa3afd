// Bundles the leaderboard's worker-thread entry into one plain ES module that the
// production server can start with `new Worker(...)`: Next's bundler does not emit
// worker_threads entries for server code, and the server has no TypeScript loader.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
await build({
  entryPoints: [path.join(root, "lib/leaderboard/fit-worker.ts")],
  outfile: path.join(root, ".next/fit-worker.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  alias: { "@": root },
  logLevel: "warning",
});
console.error("built .next/fit-worker.mjs");
