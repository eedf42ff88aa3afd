// `npm run bench:live` (after `npm run build`): live-battle streaming overhead and memory.
// Starts a fresh database (BENCH_DATABASE_URL, default arena_bench on local PostgreSQL),
// the scripted LLM server and the production build, then streams battles through
// POST /api/battles/[id]/stream as a browser would (see bench-live-procs.ts).
// - Overhead: per stream, from the scripted provider writing its first text chunk to
//   this client reading that side's first delta (one machine, one clock). BENCH_CONCURRENCY
//   voters each run battles back to back between two paced models (a first token after
//   100 ms, then one every 100 ms for 5 s), their first starts spread over 5 s, so about
//   that many battles (twice as many streams) are always in flight. Also reported: the
//   lockstep case (all start in the same millisecond, so every stream's chunks arrive
//   together) and a stress run with fast models back to back (server saturated).
// - Memory: the server's heap after a forced GC, and its RSS, after a warm-up and again
//   after BENCH_BATTLES more battles; plus leftovers (open upstream sockets, rows still
//   marked streaming or pending).
// Battles are dealt through the data layer, as startLiveBattleAction deals them.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LiveEvent } from "../lib/arena/live-types";
import { WEIGHTED_SAMPLER } from "../lib/arena/samplers";
import { inScreenOrder, type ScreenSide } from "../lib/arena/sides";
import { signVoterId } from "../lib/arena/voter-token";
import { freePort, freshDatabase, sleep, startApp, startFakeServer, stopAll } from "./bench-live-procs";
import { benchDatabaseUrl } from "./database-url";

const root = path.resolve(import.meta.dirname, "..");
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const LATENCY_BATTLES = Number(process.env.BENCH_LATENCY_BATTLES ?? 200);
const BATTLES = Number(process.env.BENCH_BATTLES ?? 1000);
const MEMORY_ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? 1);
const DB_URL = await benchDatabaseUrl("arena_bench");
const SECRET = "bench-secret-not-for-production";
const BUDGET_MS = 50;
const now = () => performance.timeOrigin + performance.now();
const log = (m: string) => console.log(`[bench:live] ${m}`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)].toFixed(2);
};
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

interface BattleRun {
  prompt: string;
  wave: number;
  first: Partial<Record<ScreenSide, number>>;
  slug: Record<ScreenSide, string>;
  end: string | null;
}

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("No production build: run `npm run build` first.");
  Object.assign(process.env, { DATABASE_URL: DB_URL, ARENA_SECRET: SECRET, NODE_ENV: "production" });
  await freshDatabase(DB_URL);
  const fake = await startFakeServer(await freePort());
  const { syncModels } = await import("../lib/db/models");
  const { createLiveBattle } = await import("../lib/db/live-battles");
  const { db } = await import("../lib/db/client");
  const entry = (slug: string, displayName: string) => ({
    slug,
    displayName,
    openWeights: false,
    weight: 1,
    provider: { kind: "openai_compatible" as const, baseURL: fake.url, model: slug },
  });
  await syncModels({
    models: [
      entry("fast-bench-1", "Bench One"),
      entry("fast-bench-2", "Bench Two"),
      entry("slow-bench-1", "Bench Three"),
      entry("slow-bench-2", "Bench Four"),
    ],
  });
  const ids = new Map((await db.model.findMany()).map((m) => [m.slug, m.id]));
  const pairs = {
    // slow-*: a first token after 100 ms, then one every 100 ms for 5 s, like a real model;
    // 50 battles in flight then really means 100 open streams at every moment.
    paced: ["slow-bench-1", "slow-bench-2"],
    // fast-*: 13 chunks 5 ms apart; battles back to back saturate the server (stress).
    fast: ["fast-bench-1", "fast-bench-2"],
  } as const;
  const app = await startApp(await freePort(), {
    DATABASE_URL: DB_URL,
    ARENA_SECRET: SECRET,
    NODE_ENV: "production",
  });
  const voterId = randomUUID();
  const cookie = `arena_voter=${signVoterId(voterId, SECRET)}`;

  async function runBattle(wave: number, [slugA, slugB]: readonly [string, string]): Promise<BattleRun> {
    const prompt = `bench ${randomUUID()}: explain the tides`;
    const shownLeft = Math.random() < 0.5 ? ("a" as const) : ("b" as const);
    const { id } = await createLiveBattle({
      voterId,
      mode: "anonymous",
      modelAId: ids.get(slugA)!,
      modelBId: ids.get(slugB)!,
      shownLeft,
      sampler: WEIGHTED_SAMPLER,
      pairProbability: 1,
      prompt,
      categoryTags: [],
      leakFlags: [],
    });
    const res = await fetch(`${app.base}/api/battles/${id}/stream`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ turn: 0 }),
    });
    if (!res.ok || !res.body) throw new Error(`stream HTTP ${res.status}`);
    const [left, right] = inScreenOrder({ a: slugA, b: slugB }, shownLeft);
    const run: BattleRun = { prompt, wave, first: {}, end: null, slug: { left, right } };
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const at = now();
      buffered += decoder.decode(chunk, { stream: true });
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines.filter(Boolean)) {
        const e = JSON.parse(line) as LiveEvent;
        if (e.type === "delta") run.first[e.side] ??= at;
        if (e.type === "end") run.end = e.status;
      }
    }
    return run;
  }

  /** `total` battles, `CONCURRENCY` in flight at any time (closed loop). */
  /**
   * `total` battles by CONCURRENCY voters, each starting its next battle as soon as the
   * last one ends (plus up to `thinkMs`). First starts are spread over `staggerMs`, as
   * real voters do not arrive in the same millisecond; in-flight battles are sampled.
   */
  async function load(total: number, pair: readonly [string, string], staggerMs: number, thinkMs: number) {
    const runs: BattleRun[] = [];
    const inFlight: number[] = [];
    let started = 0;
    let running = 0;
    const sampler = setInterval(() => inFlight.push(running), 100);
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, total) }, async () => {
        await sleep(Math.random() * staggerMs);
        for (let wave = 0; started < total; wave++) {
          started++;
          running++;
          runs.push(await runBattle(wave, pair).finally(() => running--));
          await sleep(Math.random() * thinkMs);
        }
      }),
    );
    clearInterval(sampler);
    if (runs.some((r) => r.end !== "ready")) throw new Error("a battle did not end ready");
    const steady = inFlight.slice(Math.ceil(staggerMs / 100), -Math.ceil(staggerMs / 100) || undefined);
    const meanInFlight = steady.length ? steady.reduce((a, b) => a + b, 0) / steady.length : CONCURRENCY;
    return { runs, meanInFlight: +meanInFlight.toFixed(1) };
  }

  /** First-token overheads of one load run, in ms. */
  async function measure(total: number, pair: readonly [string, string], staggerMs: number, thinkMs: number) {
    await fake.reset();
    const { runs, meanInFlight } = await load(total, pair, staggerMs, thinkMs);
    const upstream = await fake.requests();
    const byPrompt = new Map(upstream.map((r) => [`${r.model} ${r.messages.at(-1)?.content}`, r]));
    const all: number[] = [];
    for (const r of runs) {
      for (const side of ["left", "right"] as const) {
        const first = byPrompt.get(`${r.slug[side]} ${r.prompt}`)?.firstDeltaAt;
        if (!first || r.first[side] === undefined) throw new Error("missing timing");
        all.push(r.first[side] - first);
      }
    }
    return {
      battles: total,
      samples: all.length,
      meanBattlesInFlight: meanInFlight,
      p50: pct(all, 50),
      p95: pct(all, 95),
      max: pct(all, 100),
    };
  }

  await load(CONCURRENCY, pairs.fast, 0, 0); // warm-up: code paths compiled, pools filled
  const paced = await measure(LATENCY_BATTLES, pairs.paced, 5000, 200);
  // Every voter starting in the same millisecond, streams in lockstep: the worst case.
  const lockstep = await measure(CONCURRENCY, pairs.paced, 0, 0);
  const stress = await measure(LATENCY_BATTLES, pairs.fast, 100, 0);

  await fake.reset();
  await sleep(2000);
  const before = await app.memory();
  const started = performance.now();
  // Heap after each round of BATTLES: flat means nothing is retained per battle.
  const heapAfterRounds: string[] = [];
  let after = before;
  for (let round = 0; round < MEMORY_ROUNDS; round++) {
    await load(BATTLES, pairs.fast, 100, 0);
    await sleep(3000);
    after = await app.memory();
    heapAfterRounds.push(mb(after.heapUsed));
  }
  const seconds = (performance.now() - started) / 1000 - 3 * MEMORY_ROUNDS;
  const open = (await fake.requests()).filter((r) => r.closedAt === null).length;
  const [left] = await db.$queryRaw<{ streaming: number; pending: number }[]>`
    SELECT (SELECT count(*)::int FROM messages WHERE side IS NOT NULL AND finish_reason IS NULL) AS streaming,
           (SELECT count(*)::int FROM battles WHERE status = 'pending') AS pending`;

  const figures = {
    load: { concurrentBattles: CONCURRENCY, streams: 2 * CONCURRENCY },
    firstTokenOverheadMs: { budgetP95: BUDGET_MS, paced, lockstep, stress },
    memory: {
      battles: BATTLES * MEMORY_ROUNDS,
      battlesPerSecond: +((BATTLES * MEMORY_ROUNDS) / seconds).toFixed(1),
      heapUsedBefore: mb(before.heapUsed),
      heapUsedAfter: mb(after.heapUsed),
      heapGrowth: mb(after.heapUsed - before.heapUsed),
      heapAfterRounds,
      rssBefore: mb(before.rss),
      rssAfter: mb(after.rss),
      upstreamRequestsStillOpen: open,
      answersLeftStreaming: left.streaming,
      battlesLeftPending: left.pending,
    },
  };
  console.log(JSON.stringify(figures, null, 2));
  const m = figures.memory;
  log(
    `provider first byte → client first token, ${paced.meanBattlesInFlight} battles (${2 * paced.meanBattlesInFlight} streams) in flight: p50 ${paced.p50} ms, p95 ${paced.p95} ms (budget ${BUDGET_MS} ms)`,
  );
  log(
    `  lockstep (all ${CONCURRENCY} start together) p95 ${lockstep.p95} ms; stress (fast models back to back) p95 ${stress.p95} ms`,
  );
  log(
    `server heap after GC ${m.heapUsedBefore} → ${m.heapUsedAfter} over ${BATTLES * MEMORY_ROUNDS} battles (RSS ${m.rssBefore} → ${m.rssAfter}); open upstream ${open}`,
  );
  mkdirSync(path.join(root, "bench-out"), { recursive: true });
  writeFileSync(path.join(root, "bench-out", "live.json"), `${JSON.stringify(figures, null, 2)}\n`);
  await db.$disconnect();
  return paced.p95 <= BUDGET_MS ? 0 : 2;
}

main()
  .then((code) => {
    stopAll();
    process.exit(code);
  })
  .catch((error) => {
    console.error(`[bench:live] ${(error as Error).stack ?? error}`);
    stopAll();
    process.exit(1);
  });
