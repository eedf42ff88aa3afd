// `npm run arena`: one command from a fresh clone to a running arena on
// http://127.0.0.1:3000 — embedded PostgreSQL (unless DATABASE_URL is set),
// migrations, demo seed, a production build when the sources changed, then
// `next start`. Ctrl-C stops the server and the database cleanly.
import "dotenv/config";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureDatabase, migrate } from "../lib/db/migrate";
import { ensureAdmin, persistedSecret } from "./admin-bootstrap";
import { recordEmbeddedUrl } from "./database-url";
import { type EmbeddedDb, startEmbeddedDb } from "./embedded-db";
import { nextStartArgs } from "./server-node-args";

const root = path.resolve(import.meta.dirname, "..");
const log = (m: string) => console.log(`[arena] ${m}`);

/** Newest mtime under the folders a build depends on; cheap enough to run every start. */
function sourceStamp(): string {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name.startsWith(".") || e.name === "generated") continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ["app", "components", "lib", "public"]) walk(path.join(root, d));
  for (const f of ["package-lock.json", "next.config.ts", "postcss.config.mjs", "prisma/schema.prisma"]) {
    if (existsSync(path.join(root, f))) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  }
  return String(Math.round(newest));
}

function buildIfNeeded(env: NodeJS.ProcessEnv): void {
  const stampFile = path.join(root, ".next", "arena-build-stamp");
  const stamp = sourceStamp();
  if (
    existsSync(path.join(root, ".next", "BUILD_ID")) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8") === stamp
  ) {
    log("Build is up to date.");
    return;
  }
  log("Building the app (next build, about a minute on a cold machine) …");
  const res = spawnSync("npm", ["run", "build"], { cwd: root, env, stdio: "inherit" });
  if (res.status !== 0) throw new Error("The build failed (see the output above).");
  writeFileSync(stampFile, stamp);
}

async function main(): Promise<void> {
  let embedded: EmbeddedDb | null = null;
  let forgetUrl = () => {};
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedDb(root, log);
    url = embedded.url;
    forgetUrl = recordEmbeddedUrl(url);
  } else {
    log("Using DATABASE_URL from the environment.");
    await ensureDatabase(url);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    ARENA_SECRET: process.env.ARENA_SECRET || persistedSecret(root, "secret", 32),
    ARENA_ADMIN_TOKEN: process.env.ARENA_ADMIN_TOKEN || persistedSecret(root, "admin-token", 12),
    NODE_ENV: "production",
  };
  Object.assign(process.env, env);

  const migrated = await migrate(url);
  log(`Migrations: ${migrated.applied.length} applied, ${migrated.alreadyApplied} already up to date.`);
  if (migrated.backfilled > 0) log(`Filled in conv_metadata for ${migrated.backfilled} earlier votes.`);
  const { seedDemoIfEmpty } = await import("../lib/db/corpora");
  const seeded = await seedDemoIfEmpty();
  log(
    seeded
      ? `Seeded the demo corpus (${seeded.prompts} prompts, ${seeded.models} models).`
      : "Corpus present; not seeding.",
  );

  const adminLine = await ensureAdmin(root);

  const { syncModels } = await import("../lib/db/models");
  const { loadConfiguredModels } = await import("../lib/providers/config");
  const configured = await loadConfiguredModels();
  const synced = configured && (await syncModels({ models: configured.config.models }));
  log(
    configured && synced
      ? `Live models from ${path.relative(root, configured.file)}: ${synced.created.length} added, ${synced.updated.length} updated, ${synced.paused.length} paused.`
      : "No models.json (or ARENA_MODELS_FILE): live battles are off; see lib/providers/README.md.",
  );

  buildIfNeeded(env);

  const port = process.env.PORT ?? "3000";
  const server = spawn(process.execPath, nextStartArgs(root, port), { cwd: root, env, stdio: "inherit" });
  log(`Arena at http://127.0.0.1:${port}  (Ctrl-C to stop)`);
  log(`${adminLine}; console at /admin.`);
  log(
    "Automation token (Authorization: Bearer, /api/admin/*) in .data/admin-token unless ARENA_ADMIN_TOKEN is set.",
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("Stopping …");
    if (server.exitCode === null) server.kill("SIGTERM");
    await new Promise((r) => (server.exitCode === null ? server.once("exit", r) : r(null)));
    forgetUrl();
    if (embedded) await embedded.stop().catch((e) => log(`database stop: ${String(e)}`));
    log("Stopped.");
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  server.on("exit", (code) => void stop(code ?? 0));
}

main().catch((error) => {
  console.error(`[arena] ${(error as Error).message}`);
  process.exit(1);
});
