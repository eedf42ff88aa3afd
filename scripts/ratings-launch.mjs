// `npm run ratings`: runs the ratings CLI (scripts/ratings.ts) from an esbuild bundle,
// rebuilt only when its sources change, because tsx's start-up alone costs ~0.4 s. The
// ratings worker entry (lib/ratings/io/worker.ts) is bundled beside it, where the CLI's
// ratingsWorkerUrl() looks for it.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const outdir = path.join(root, "node_modules", ".cache", "pairwise-arena");
const out = path.join(outdir, "ratings-cli.mjs");
const worker = path.join(outdir, "ratings-worker.mjs");

function newestSource() {
  const files = [
    ...readdirSync(path.join(root, "lib/ratings"), { recursive: true }).map((f) =>
      path.join(root, "lib/ratings", f),
    ),
    ...readdirSync(path.join(root, "scripts"))
      .filter((f) => f.startsWith("ratings"))
      .map((f) => path.join(root, "scripts", f)),
  ].filter((f) => f.endsWith(".ts"));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

const stale = (file) => !existsSync(file) || statSync(file).mtimeMs < newestSource();
if (stale(out) || stale(worker)) {
  const { build } = await import("esbuild");
  await build({
    entryPoints: {
      "ratings-cli": path.join(root, "scripts/ratings.ts"),
      "ratings-worker": path.join(root, "lib/ratings/io/worker.ts"),
    },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    alias: { "@": root },
    logLevel: "error",
  });
}
await import(pathToFileURL(out).href);
