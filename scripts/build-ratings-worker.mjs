// Bundles the ratings engine's worker-thread entry into one plain ES module that the
// production server can start with `new Worker(...)`: Next's bundler does not emit
// worker_threads entries for server code, and the server has no TypeScript loader.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
await build({
  entryPoints: [path.join(root, "lib/ratings/worker.ts")],
  outfile: path.join(root, ".next/ratings-worker.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
console.error("built .next/ratings-worker.mjs");
