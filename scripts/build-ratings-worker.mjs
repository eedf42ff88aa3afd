// Bundles the ratings worker entry (lib/ratings/io/worker.ts) into one plain ES module that
// the production server starts with `new Worker(...)` for leaderboard fits: Next's bundler
// does not emit worker_threads entries for server code, and the server has no TypeScript loader.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
await build({
  entryPoints: [path.join(root, "lib/ratings/io/worker.ts")],
  outfile: path.join(root, ".next/ratings-worker.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  alias: { "@": root },
  logLevel: "warning",
});
console.error("built .next/ratings-worker.mjs");
