// `npm run ratings`: runs the ratings CLI (scripts/ratings.ts) from an esbuild bundle,
// rebuilt only when its sources change, because tsx's start-up alone costs ~0.4 s.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "node_modules", ".cache", "pairwise-arena", "ratings-cli.mjs");

function newestSource() {
  const files = [
    ...readdirSync(path.join(root, "lib/ratings")).map((f) => path.join(root, "lib/ratings", f)),
    ...readdirSync(path.join(root, "scripts"))
      .filter((f) => f.startsWith("ratings"))
      .map((f) => path.join(root, "scripts", f)),
  ].filter((f) => f.endsWith(".ts"));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

if (!existsSync(out) || statSync(out).mtimeMs < newestSource()) {
  const { build } = await import("esbuild");
  await build({
    entryPoints: [path.join(root, "scripts/ratings.ts")],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    alias: { "@": root },
    logLevel: "error",
  });
}
await import(pathToFileURL(out).href);
