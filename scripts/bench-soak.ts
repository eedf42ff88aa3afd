// `npm run bench:soak` (after `npm run build`; local only, stops by itself): mixed traffic
// against one production instance for BENCH_SOAK_MIN minutes (default 30) — corpus deals
// and votes, live battles streamed from the scripted LLM server (some stopped midway),
// leaderboard page and API reads, vote-dump downloads — sampling the server every
// BENCH_SAMPLE_S seconds: heap after a forced GC, RSS, active handles, event-loop delay
// (p99 over the interval) and the database's connections (the server's, plus this
// script's few). Prints the samples as a table
// and fails when the last third grew over the first third beyond the tolerances below.
// Database arena_bench_instances_soak (BENCH_DATABASE_URL overrides), ports BENCH_PORT..+1.
// BENCH_SOAK_REPLICA=1: on a throwaway primary and its streaming replica instead
// (lib/testing/replica-cluster.ts), the server reading through DATABASE_REPLICA_URL; the
// DB connections column then counts both. BENCH_SOAK_HEAP_DIFF=1: heap snapshots after the
// first third and at the end, and the constructors that grew between them. Writing one
// stops the server for tens of seconds on a loaded machine and leaves its RSS ~500 MB
// higher: requests time out around it, and the run's RSS and failures mean nothing.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { WEIGHTED_SAMPLER } from "../lib/arena/samplers";
import { signVoterId } from "../lib/arena/voter-token";
import { startReplicaCluster } from "../lib/testing/replica-cluster";
import { freshDatabase, sleep, startFakeServer, stopAll } from "./bench-live-procs";
import { benchDatabaseUrl } from "./database-url";
import { heapGrowth } from "./heap-snapshot-diff";
import { nextStartArgs } from "./server-node-args";

const root = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3270);
const MINUTES = Number(process.env.BENCH_SOAK_MIN ?? 30);
const SAMPLE_S = Number(process.env.BENCH_SAMPLE_S ?? 30);
const HEAP_DIFF = process.env.BENCH_SOAK_HEAP_DIFF === "1";
const SECRET = "bench-secret-not-for-production";
const cluster = process.env.BENCH_SOAK_REPLICA === "1" ? await startReplicaCluster() : null;
const DB_URL = cluster?.primaryUrl ?? (await benchDatabaseUrl("arena_bench_instances_soak"));
const log = (m: string) => console.log(`[bench:soak] ${m}`);
let child: ChildProcess | null = null;

// Preloaded into the server: on SIGUSR2, collect garbage and print what is sampled.
const PROBE = `const { monitorEventLoopDelay } = require("node:perf_hooks");
let h = monitorEventLoopDelay({ resolution: 10 }); h.enable();
process.on("SIGUSR2", () => {
  if (global.gc) { global.gc(); global.gc(); }
  const m = process.memoryUsage();
  const s = { heapUsed: m.heapUsed, rss: m.rss, handles: process._getActiveHandles().length, loopP99Ms: h.percentile(99) / 1e6 };
  h.reset();
  process.stdout.write("SOAK_SAMPLE " + JSON.stringify(s) + "\\n");
});
process.on("SIGWINCH", () => {
  if (global.gc) { global.gc(); global.gc(); }
  const file = require("node:v8").writeHeapSnapshot(require("node:path").join(require("node:os").tmpdir(), "arena-soak-" + process.pid + "-" + Date.now() + ".heapsnapshot"));
  process.stdout.write("SOAK_HEAP " + file + "\\n");
});`;

interface Sample {
  minute: number;
  heapMb: number;
  rssMb: number;
  handles: number;
  loopP99Ms: number;
  dbConnections: number;
  requests: number;
}

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("No production build: run `npm run build` first.");
  Object.assign(process.env, { DATABASE_URL: DB_URL, ARENA_SECRET: SECRET, NODE_ENV: "production" });
  await freshDatabase(DB_URL);
  const { seedDemoIfEmpty } = await import("../lib/db/corpora");
  await seedDemoIfEmpty();
  const fake = await startFakeServer(PORT + 1);
  const { syncModels } = await import("../lib/db/models");
  await syncModels({
    models: ["slow-soak-1", "fast-soak-1", "fast-soak-2"].map((slug) => ({
      slug,
      displayName: slug,
      openWeights: false,
      weight: 0,
      provider: { kind: "openai_compatible" as const, baseURL: fake.url, model: slug },
    })),
  });
  const { db } = await import("../lib/db/client");
  const { createLiveBattle } = await import("../lib/db/live-battles");
  const ids = new Map((await db.model.findMany()).map((m) => [m.slug, m.id]));

  const probe = path.join(os.tmpdir(), `arena-soak-probe-${process.pid}.cjs`);
  writeFileSync(probe, PROBE);
  const [node, ...args] = [process.execPath, ...nextStartArgs(root, String(PORT))];
  child = spawn(node, ["--expose-gc", "--require", probe, ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: DB_URL,
      ARENA_SECRET: SECRET,
      NODE_ENV: "production",
      ARENA_ABUSE_DEFENCES: "off",
      ARENA_RECOMPUTE_DEBOUNCE_MS: "3000",
      ...(cluster ? { DATABASE_REPLICA_URL: cluster.replicaUrl } : {}),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let resolveSample: ((s: Omit<Sample, "minute" | "dbConnections" | "requests">) => void) | null = null;
  let resolveHeap: ((file: string) => void) | null = null;
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) {
      if (line.startsWith("SOAK_HEAP ")) resolveHeap?.(line.slice(10).trim());
      if (!line.startsWith("SOAK_SAMPLE ") || !resolveSample) continue;
      const s = JSON.parse(line.slice(12));
      resolveSample({
        heapMb: s.heapUsed / 2 ** 20,
        rssMb: s.rss / 2 ** 20,
        handles: s.handles,
        loopP99Ms: s.loopP99Ms,
      });
    }
  });
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(`${base}/api/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await sleep(100);
  }

  let requests = 0;
  let failures = 0;
  let stop = false;
  const hit = async (url: string, init?: RequestInit) => {
    requests++;
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      if (res.status >= 500) failures++;
      return res;
    } catch {
      failures++;
      return null;
    }
  };
  const voterLoop = async () => {
    let cookie = `arena_voter=${signVoterId(randomUUID(), SECRET)}`;
    while (!stop) {
      const res = await fetch(`${base}/api/battles`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: "{}",
      }).catch(() => null);
      requests++;
      const json = (await res?.json().catch(() => null)) as { battle?: { id: string } } | null;
      if (res?.headers.get("set-cookie")) cookie = res.headers.get("set-cookie")!.split(";")[0];
      if (json?.battle)
        await hit(`${base}/api/battles/${json.battle.id}/vote`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify({ choice: "left" }),
        });
      await sleep(200);
    }
  };
  const liveLoop = async (slow: boolean) => {
    while (!stop) {
      const voterId = randomUUID();
      const { id } = await createLiveBattle({
        voterId,
        mode: "named",
        modelAId: ids.get(slow ? "slow-soak-1" : "fast-soak-1")!,
        modelBId: ids.get("fast-soak-2")!,
        shownLeft: "a",
        sampler: WEIGHTED_SAMPLER,
        pairProbability: 1,
        prompt: `soak ${randomUUID()}`,
        categoryTags: [],
        leakFlags: [],
      });
      const aborter = new AbortController();
      // Slow ones are abandoned midway (a closed tab): the server must let go of them.
      if (slow) setTimeout(() => aborter.abort(), 1_000);
      requests++;
      await fetch(`${base}/api/battles/${id}/stream`, {
        method: "POST",
        headers: {
          cookie: `arena_voter=${signVoterId(voterId, SECRET)}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ turn: 0 }),
        signal: aborter.signal,
      })
        .then((r) => r.arrayBuffer())
        .catch(() => {});
      await sleep(300);
    }
  };
  const readLoop = async () => {
    for (let i = 0; !stop; i++) {
      await hit(`${base}/leaderboard`);
      await hit(`${base}/api/leaderboard`);
      if (i % 10 === 0) await hit(`${base}/api/export/votes?format=fastchat`);
      await sleep(250);
    }
  };
  const loops = [voterLoop(), voterLoop(), voterLoop(), liveLoop(false), liveLoop(true), readLoop()];

  const replicaAdmin = cluster ? new pg.Client({ connectionString: cluster.replicaUrl }) : null;
  await replicaAdmin?.connect();
  const samples: Sample[] = [];
  const started = performance.now();
  const sample = async () => {
    const s = await new Promise<Omit<Sample, "minute" | "dbConnections" | "requests">>((resolve) => {
      resolveSample = resolve;
      child?.kill("SIGUSR2");
    });
    const [{ n }] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
    const onReplica = replicaAdmin
      ? (
          await replicaAdmin.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
          )
        ).rows[0].n
      : 0;
    samples.push({
      ...s,
      minute: (performance.now() - started) / 60_000,
      dbConnections: n + onReplica,
      requests,
    });
  };
  const heapSnapshot = () =>
    new Promise<string>((resolve) => {
      resolveHeap = resolve;
      child?.kill("SIGWINCH");
    });
  const heapFiles: string[] = [];
  while (performance.now() - started < MINUTES * 60_000) {
    await sleep(SAMPLE_S * 1_000);
    await sample();
    const due = heapFiles.length === 0 ? MINUTES / 3 : MINUTES - SAMPLE_S / 60;
    if (HEAP_DIFF && heapFiles.length < 2 && samples.at(-1)!.minute >= due)
      heapFiles.push(await heapSnapshot());
    const last = samples.at(-1)!;
    log(
      `${last.minute.toFixed(1)} min: heap ${last.heapMb.toFixed(1)} MB, RSS ${last.rssMb.toFixed(0)} MB, handles ${last.handles}, loop p99 ${last.loopP99Ms.toFixed(1)} ms, db connections ${last.dbConnections}, requests ${last.requests}`,
    );
  }
  stop = true;
  await Promise.all(loops);
  child.kill("SIGTERM");
  child = null;

  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (xs: Sample[], k: keyof Sample) => xs.reduce((a, s) => a + s[k], 0) / xs.length;
  const first = samples.slice(0, third);
  const lastThird = samples.slice(-third);
  console.log("\n| minute | heap MB | RSS MB | handles | loop p99 ms | DB connections | requests |");
  console.log("| --: | --: | --: | --: | --: | --: | --: |");
  for (const s of samples)
    console.log(
      `| ${s.minute.toFixed(1)} | ${s.heapMb.toFixed(1)} | ${s.rssMb.toFixed(0)} | ${s.handles} | ${s.loopP99Ms.toFixed(1)} | ${s.dbConnections} | ${s.requests} |`,
    );
  const growth = {
    heapMb: mean(lastThird, "heapMb") - mean(first, "heapMb"),
    rssMb: mean(lastThird, "rssMb") - mean(first, "rssMb"),
    handles: mean(lastThird, "handles") - mean(first, "handles"),
    dbConnections: mean(lastThird, "dbConnections") - mean(first, "dbConnections"),
  };
  log(
    `growth, last third over first: ${JSON.stringify(Object.fromEntries(Object.entries(growth).map(([k, v]) => [k, +v.toFixed(1)])))}`,
  );
  log(`${requests} requests, ${failures} failed (5xx or no answer)`);
  if (heapFiles.length === 2) {
    log("heap growth between the snapshots (after the first third, at the end), by type and name:");
    for (const g of heapGrowth(heapFiles[0], heapFiles[1]))
      log(`  ${(g.bytes / 1024).toFixed(0).padStart(8)} KB ${String(g.count).padStart(7)} nodes  ${g.key}`);
    for (const f of heapFiles) rmSync(f, { force: true });
  }
  log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} (2 cores shared)`,
  );
  await db.$disconnect();
  await replicaAdmin?.end();
  const flat = growth.heapMb < 20 && growth.handles < 20 && growth.dbConnections <= 2 && failures === 0;
  log(flat ? "flat" : "NOT flat (or requests failed)");
  return flat;
}

main()
  .then(async (ok) => {
    stopAll();
    await cluster?.stop();
    process.exit(ok ? 0 : 1);
  })
  .catch(async (error) => {
    console.error(error);
    child?.kill("SIGTERM");
    stopAll();
    await cluster?.stop();
    process.exit(1);
  });
