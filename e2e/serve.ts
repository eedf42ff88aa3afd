// Playwright's webServer: a fresh arena_e2e database, migrated and seeded with the
// demo corpus and the scripted live models (e2e/models.e2e.json), then the production
// build under `next start`.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { migrate, recreateDatabase } from "../lib/db/migrate";
import { nextStartArgs } from "../scripts/server-node-args";
import { E2E_ADMIN, E2E_DATABASE_URL, FAKE_LLM_URL } from "./env";

const root = path.resolve(import.meta.dirname, "..");
await recreateDatabase(E2E_DATABASE_URL);
await migrate(E2E_DATABASE_URL);

const env = {
  ...process.env,
  DATABASE_URL: E2E_DATABASE_URL,
  ARENA_SECRET: "e2e-secret-not-for-production",
  ARENA_ADMIN_TOKEN: "e2e-admin-token",
  ARENA_ADMIN_EMAIL: E2E_ADMIN.email,
  ARENA_ADMIN_PASSWORD: E2E_ADMIN.password,
  ARENA_RECOMPUTE_DEBOUNCE_MS: "300",
  ARENA_DIAGNOSTICS_INTERVAL_MS: "0",
  // Every spec's browser shares 127.0.0.1: per-address limits would add up across specs.
  ARENA_RATE_LIMITS: JSON.stringify(
    Object.fromEntries(
      ["deal", "vote", "stream", "export", "card", "signin"].map((n) => [
        n,
        { ip: { points: 100_000, durationS: 60 } },
      ]),
    ),
  ),
  // Scripted voters read nothing and all come from 127.0.0.1: the detectors would rightly
  // quarantine them (address-level churn + fast votes), emptying the boards the specs check.
  // Detection stays on (suggestions are recorded); only automatic quarantine is off here.
  ARENA_ABUSE_POLICY: JSON.stringify({
    fast_votes: { auto: null },
    side_streak: { auto: null },
    longer_streak: { auto: null },
    burst: { auto: null },
    identity_churn: { auto: null, suggest: 1_000_000 },
    target_fixation: { auto: null },
    likelihood_ratio: { auto: null },
    cohort_fixation: { auto: null },
    selective_voting: { auto: null },
  }),
  NODE_ENV: "production" as const,
};
Object.assign(process.env, env);
const { seedDemoIfEmpty } = await import("../lib/db/corpora");
await seedDemoIfEmpty();
const { bootstrapAdmin } = await import("../lib/db/users");
await bootstrapAdmin(E2E_ADMIN);
// Live models: the scripted server's behaviours, on whatever port Playwright gave it.
const { syncModels } = await import("../lib/db/models");
const { parseModelsConfig } = await import("../lib/providers/config");
const modelsFile = path.join(root, "e2e/models.e2e.json");
const modelsJson = readFileSync(modelsFile, "utf8").replaceAll("http://127.0.0.1:4010/v1", FAKE_LLM_URL);
await syncModels(parseModelsConfig(JSON.parse(modelsJson), modelsFile));

const server = spawn(process.execPath, nextStartArgs(root, process.env.E2E_PORT ?? "3100"), {
  cwd: root,
  env,
  stdio: "inherit",
});
const stop = () => server.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.on("exit", (code) => process.exit(code ?? 0));
