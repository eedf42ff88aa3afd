// `npm run bench:faults` (after `npm run build`; local only, bounded, stops by itself):
// two production instances on a PRIVATE embedded PostgreSQL (its own folder and port —
// never the shared server), under a steady deal+vote load through both.
// 1. PostgreSQL restarts mid-load (fast shutdown, down for BENCH_DOWN_MS, started again):
//    while it is down the API answers 503 with a clear message within seconds (no hang,
//    no 500, no crash), /api/ready says so, traffic recovers by itself, and every
//    acknowledged vote is stored exactly once.
// 2. kill -9 of instance A while it streams live answers and both take votes: B keeps
//    serving, and A's half-finished answers are closed as interrupted (battle errored)
//    once A is back (or by B's sweep, whichever comes first).
// 3. A provider that dies mid-stream in 20 concurrent battles: each battle is errored with
//    the failure stored, and nothing leaks (no answer left streaming, no stream lock held).
// Prints a table; exits non-zero when a check fails. Ports BENCH_PORT..+5 (default 3270).
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WEIGHTED_SAMPLER } from "../lib/arena/samplers";
import { signVoterId } from "../lib/arena/voter-token";
import { freshDatabase, sleep, startFakeServer, stopAll } from "./bench-live-procs";
import { embedded } from "./embedded-db";
import { nextStartArgs } from "./server-node-args";

const root = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3270);
const PG_PORT = PORT + 5;
const DOWN_MS = Number(process.env.BENCH_DOWN_MS ?? 5_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 8);
const SECRET = "bench-secret-not-for-production";
const REQUEST_TIMEOUT_MS = 15_000;
const log = (m: string) => console.log(`[bench:faults] ${m}`);
const failures: string[] = [];
function check(ok: boolean, what: string) {
  log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), "arena-faults-pg-"));
const PG_PASSWORD = randomUUID();
let pg = embedded(dataDir, PG_PORT, true, log, [], PG_PASSWORD);
const pgPid = () => Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
const DB_URL = `postgresql://postgres:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/arena_bench_instances_faults`;

interface App {
  base: string;
  child: ChildProcess;
  exited: () => boolean;
}
const apps: App[] = [];

async function startApp(port: number, name: string): Promise<App> {
  const logFile = path.join(os.tmpdir(), `arena-faults-${name}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, nextStartArgs(root, String(port)), {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: DB_URL,
      ARENA_SECRET: SECRET,
      NODE_ENV: "production",
      ARENA_ABUSE_DEFENCES: "off",
      ARENA_RECOMPUTE_DEBOUNCE_MS: "2000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const base = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    i < 600 &&
    !(await get(`${base}/api/ready`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  )
    await sleep(100);
  const app = { base, child, exited: () => exited };
  apps.push(app);
  return app;
}

const get = (url: string) => fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

interface Tally {
  acknowledged: Map<string, string>;
  attempted: Set<string>;
  ok: number;
  unavailable: number;
  messages: Set<string>;
  bad: string[];
  hung: number;
  slowest503Ms: number;
  lastOkAt: number;
  okAfter: (t: number) => number;
  okTimes: number[];
}
const tally: Tally = {
  acknowledged: new Map(),
  attempted: new Set(),
  ok: 0,
  unavailable: 0,
  messages: new Set(),
  bad: [],
  hung: 0,
  slowest503Ms: 0,
  lastOkAt: 0,
  okTimes: [],
  okAfter: (t) => tally.okTimes.find((x) => x > t) ?? Number.NaN,
};

/** One request of the load; sorts the answer into the tally. Returns the JSON on success. */
async function call(
  url: string,
  init: RequestInit,
): Promise<{ status: number; json: unknown; cookie: string | null } | null> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const json = await res.json().catch(() => null);
    const ms = performance.now() - started;
    if (res.status === 503) {
      tally.unavailable++;
      tally.slowest503Ms = Math.max(tally.slowest503Ms, ms);
      tally.messages.add((json as { error?: { message?: string } })?.error?.message ?? "(no message)");
    } else if (res.status >= 500)
      tally.bad.push(`${res.status} ${url}: ${JSON.stringify(json).slice(0, 200)}`);
    return { status: res.status, json, cookie: res.headers.get("set-cookie") };
  } catch (error) {
    if ((error as Error).name === "TimeoutError") tally.hung++;
    // Connection refused: the instance is down (phase 2), not a fault of the answer.
    return null;
  }
}

async function voter(targets: () => App[], stop: () => boolean) {
  let cookie = `arena_voter=${signVoterId(randomUUID(), SECRET)}`;
  for (let i = 0; !stop(); i++) {
    const live = targets();
    const app = live[i % live.length];
    const dealt = await call(`${app.base}/api/battles`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: "{}",
    });
    const battleId = (dealt?.json as { battle?: { id?: string } } | null)?.battle?.id;
    if (dealt?.status !== 201 || !battleId) {
      await sleep(100);
      continue;
    }
    if (dealt.cookie) cookie = dealt.cookie.split(";")[0];
    const choice = ["left", "right", "tie"][i % 3];
    const voteApp = live[(i + 1) % live.length]; // the vote goes to the other instance
    tally.attempted.add(battleId);
    const voted = await call(`${voteApp.base}/api/battles/${battleId}/vote`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ choice }),
    });
    if (voted?.status === 201) {
      tally.acknowledged.set(battleId, choice);
      tally.ok++;
      tally.okTimes.push(performance.now());
    }
  }
}

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("No production build: run `npm run build` first.");
  await pg.initialise();
  await pg.start();
  Object.assign(process.env, { DATABASE_URL: DB_URL, ARENA_SECRET: SECRET, NODE_ENV: "production" });
  await freshDatabase(DB_URL);
  const { seedDemoIfEmpty } = await import("../lib/db/corpora");
  await seedDemoIfEmpty();
  const fake = await startFakeServer(PORT + 4);
  const { syncModels } = await import("../lib/db/models");
  await syncModels({
    models: ["slow-faults-1", "slow-faults-2", "garbage-faults-1", "fast-faults-1"].map((slug) => ({
      slug,
      displayName: slug,
      openWeights: false,
      weight: 0,
      provider: { kind: "openai_compatible" as const, baseURL: fake.url, model: slug },
    })),
  });
  const { db } = await import("../lib/db/client");
  let a = await startApp(PORT, "A");
  const b = await startApp(PORT + 1, "B");
  log(`instances A ${a.base} and B ${b.base}; private PostgreSQL on port ${PG_PORT} (${dataDir})`);

  // ---- 1. PostgreSQL restarts in the middle of the vote load.
  let stopLoad = false;
  const both = () => [a, b];
  const load = Array.from({ length: WORKERS }, () => voter(both, () => stopLoad));
  // Warm up until votes flow (a cold server on a loaded machine takes a while), at most 60 s.
  for (let i = 0; i < 600 && tally.ok < 10; i++) await sleep(100);
  await sleep(2_000);
  const okBefore = tally.ok;
  const downAt = performance.now();
  process.kill(pgPid(), "SIGINT"); // fast shutdown: sessions are terminated, as in a restart or failover
  await sleep(DOWN_MS / 2);
  const readyWhileDown = await get(`${a.base}/api/ready`).then(
    async (r) => ({ status: r.status, body: await r.text() }),
    () => ({ status: 0, body: "" }),
  );
  const healthWhileDown = await get(`${b.base}/api/health`).then(
    (r) => r.status,
    () => 0,
  );
  await sleep(DOWN_MS / 2);
  pg = embedded(dataDir, PG_PORT, true, log, [], PG_PASSWORD);
  await pg.start();
  const upAt = performance.now();
  await sleep(8_000);
  stopLoad = true;
  await Promise.all(load);
  const recoveredMs = tally.okAfter(upAt) - upAt;

  const ackIds = [...tally.acknowledged.keys()];
  const stored = await db.vote.findMany({
    where: { battleId: { in: [...tally.attempted] } },
    select: { battleId: true },
  });
  const storedIds = new Set(stored.map((v) => v.battleId));
  const missing = ackIds.filter((id) => !storedIds.has(id));
  const doubled = stored.length - storedIds.size;
  check(okBefore > 0, `load before the restart: ${okBefore} votes acknowledged`);
  check(
    tally.unavailable > 0,
    `while PostgreSQL was down (${DOWN_MS} ms): ${tally.unavailable} answers 503, slowest ${tally.slowest503Ms.toFixed(0)} ms`,
  );
  check(
    [...tally.messages].every((m) => /database is unreachable|busy right now/.test(m)),
    `503 messages: ${[...tally.messages].map((m) => JSON.stringify(m)).join(", ")}`,
  );
  check(
    tally.bad.length === 0,
    `no 5xx other than 503: ${tally.bad.length}${tally.bad[0] ? ` (${tally.bad[0]})` : ""}`,
  );
  check(tally.hung === 0, `no request hung past ${REQUEST_TIMEOUT_MS / 1000} s: ${tally.hung}`);
  check(
    readyWhileDown.status === 503,
    `/api/ready while down: ${readyWhileDown.status} ${readyWhileDown.body.slice(0, 160)}`,
  );
  check(healthWhileDown === 200, `/api/health while down: ${healthWhileDown}`);
  check(
    recoveredMs < 10_000,
    `first acknowledged vote ${recoveredMs.toFixed(0)} ms after PostgreSQL was back (down ${((upAt - downAt) / 1000).toFixed(1)} s)`,
  );
  check(
    missing.length === 0 && doubled === 0,
    `${ackIds.length} votes acknowledged, ${missing.length} missing, ${doubled} doubled (${storedIds.size} stored of ${tally.attempted.size} attempted)`,
  );
  check(!a.exited() && !b.exited(), "both instances still running");
  check((await get(`${a.base}/api/ready`)).status === 200, "/api/ready is 200 again");

  // ---- 2. kill -9 of instance A while it streams; B keeps serving.
  const { createLiveBattle } = await import("../lib/db/live-battles");
  const ids = new Map((await db.model.findMany()).map((m) => [m.slug, m.id]));
  const streaming: string[] = [];
  const readers: Promise<unknown>[] = [];
  for (let i = 0; i < 4; i++) {
    const voterId = randomUUID();
    const { id } = await createLiveBattle({
      voterId,
      mode: "named",
      modelAId: ids.get("slow-faults-1")!,
      modelBId: ids.get("slow-faults-2")!,
      shownLeft: "a",
      sampler: WEIGHTED_SAMPLER,
      pairProbability: 1,
      prompt: `faults ${randomUUID()}`,
      categoryTags: [],
      leakFlags: [],
    });
    streaming.push(id);
    const res = await fetch(`${a.base}/api/battles/${id}/stream`, {
      method: "POST",
      headers: { cookie: `arena_voter=${signVoterId(voterId, SECRET)}`, "content-type": "application/json" },
      body: JSON.stringify({ turn: 0 }),
    });
    readers.push(res.text().catch(() => null));
  }
  await sleep(1_000);
  const before = { ok: tally.ok, bad: tally.bad.length };
  let onlyB = false;
  stopLoad = false;
  const load2 = Array.from({ length: WORKERS }, () =>
    voter(
      () => (onlyB ? [b] : [a, b]),
      () => stopLoad,
    ),
  );
  await sleep(2_000);
  const killedAt = performance.now();
  a.child.kill("SIGKILL");
  onlyB = true;
  await sleep(5_000);
  const servedByB = tally.okTimes.filter((t) => t > killedAt).length;
  const left = await db.message.count({
    where: { battleId: { in: streaming }, side: { not: null }, finishReason: null, providerError: null },
  });
  a = await startApp(PORT, "A2");
  const restartedAt = performance.now();
  let closedMs = Number.NaN;
  while (performance.now() - restartedAt < 30_000) {
    const open = await db.message.count({
      where: { battleId: { in: streaming }, side: { not: null }, finishReason: null, providerError: null },
    });
    if (open === 0) {
      closedMs = performance.now() - restartedAt;
      break;
    }
    await sleep(200);
  }
  stopLoad = true;
  await Promise.all([...load2, ...readers]);
  const hit = await db.message.findMany({
    where: { battleId: { in: streaming }, providerError: { startsWith: "interrupted" } },
    select: { battleId: true },
  });
  const interrupted = hit.length;
  // A battle whose two answers had both finished before the kill is rightly still ready.
  const battles = await db.battle.findMany({
    where: { id: { in: hit.map((m) => m.battleId) } },
    select: { status: true },
  });
  check(servedByB > 0, `after kill -9 of A, B acknowledged ${servedByB} votes in 5 s`);
  check(tally.bad.length === before.bad, `no 5xx from B meanwhile: ${tally.bad.length - before.bad}`);
  check(left > 0, `A died with ${left} answers half-streamed`);
  check(
    closedMs < 30_000 && battles.every((x) => x.status === "errored") && interrupted >= left,
    `closed as interrupted ${closedMs.toFixed(0)} ms after A restarted (${interrupted} answers; their battles ${[...new Set(battles.map((x) => x.status))].join(", ")})`,
  );
  // ---- 3. A provider that dies mid-stream (garbage after its first chunk), 20 battles at once.
  const dying: string[] = [];
  const refused: number[] = [];
  await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const voterId = randomUUID();
      const { id } = await createLiveBattle({
        voterId,
        mode: "named",
        modelAId: ids.get("garbage-faults-1")!,
        modelBId: ids.get("fast-faults-1")!,
        shownLeft: "a",
        sampler: WEIGHTED_SAMPLER,
        pairProbability: 1,
        prompt: `dying ${randomUUID()}`,
        categoryTags: [],
        leakFlags: [],
      });
      const res = await fetch(`${(i % 2 ? a : b).base}/api/battles/${id}/stream`, {
        method: "POST",
        headers: {
          cookie: `arena_voter=${signVoterId(voterId, SECRET)}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ turn: 0 }),
      });
      await res.text();
      // Refused before anything was claimed (503 busy under this load): nothing to check.
      if (res.ok) dying.push(id);
      else refused.push(res.status);
    }),
  );
  const dyingStatus = await db.battle.groupBy({ by: ["status"], where: { id: { in: dying } }, _count: true });
  const malformed = await db.message.count({
    where: { battleId: { in: dying }, providerError: { startsWith: "malformed" } },
  });
  const stillStreaming = await db.message.count({
    where: { battleId: { in: dying }, side: { not: null }, finishReason: null, providerError: null },
  });
  const [{ locks }] = await db.$queryRaw<{ locks: number }[]>`
    SELECT count(*)::int AS locks FROM pg_locks WHERE locktype = 'advisory' AND classid = 1095910734::oid`;
  check(
    malformed === 20 &&
      stillStreaming === 0 &&
      locks === 0 &&
      dyingStatus.every((g) => g.status === "errored"),
    `a provider dying mid-stream in 20 battles (${dying.length} streamed, ${refused.length} refused: ${refused.join(" ") || "none"}): ${malformed} answers stored as malformed, battles ${dyingStatus.map((g) => `${g.status} ${g._count}`).join(", ")}; ${stillStreaming} left streaming, ${locks} stream locks held`,
  );

  // Nothing may have escaped as an uncaught exception or unhandled rejection meanwhile.
  const escaped = ["A", "B", "A2"]
    .map((n) => readFileSync(path.join(os.tmpdir(), `arena-faults-${n}.log`), "utf8"))
    .join("\n")
    .match(/uncaughtException|unhandledRejection/g);
  check(!escaped, `uncaught exceptions or unhandled rejections in the app logs: ${escaped?.length ?? 0}`);
  await db.$disconnect();
  log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} (2 cores shared)`,
  );
}

main()
  .catch((error) => {
    console.error(error);
    failures.push(String(error));
  })
  .finally(async () => {
    for (const app of apps) if (!app.exited()) app.child.kill("SIGTERM");
    stopAll();
    await sleep(1_000);
    await Promise.race([pg.stop().catch(() => {}), sleep(10_000)]);
    rmSync(dataDir, { recursive: true, force: true });
    if (failures.length)
      log(`${failures.length} check(s) failed; app logs in ${os.tmpdir()}/arena-faults-*.log`);
    process.exit(failures.length ? 1 : 0);
  });
