// `npm run bench:votes -- [--responses 10000] [--models 10] [--voters 32] [--seconds 20]
//   [--trickle-seconds 75] [--trickle-every-ms 2500]` (after `npm run build`).
// A scratch database (BENCH_DATABASE_URL, recreated) with a synthetic corpus of that many
// responses, the production build on 127.0.0.1 (BENCH_PORT, default 5500), then:
// 1. load: `voters` virtual voters, each dealing itself a corpus battle through POST
//    /api/battles and voting through POST /api/battles/:id/vote (what the arena page sends,
//    answered on the fast routes, lib/fast-routes), back to back for
//    `seconds` seconds: deal and vote p50/p99, pairs/s, server and Postgres CPU per pair;
// 2. trickle: one vote every `trickle-every-ms`, while /api/leaderboard/freshness is read
//    every 500 ms: the leaderboard's largest lag behind the oldest vote it does not count.
// Bounded in time; stops the server it started and drops the scratch database, also on
// failure. BENCH_PROFILE_DIR=dir writes a CPU profile of the server during the load there.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_POLICY } from "../lib/abuse/policy";
import { newVoterToken } from "../lib/arena/voter-token";
import { dropDatabase } from "../lib/db/migrate";
import { freshDatabase, sleep, startApp, stopAll } from "./bench-live-procs";
import {
  cpuBetween,
  cpuSeconds,
  mainThreadCpuSeconds,
  pct,
  postgresCpuSeconds,
  seedCorpus,
  VoterConnection,
} from "./bench-votes-lib";

const { values } = parseArgs({
  options: {
    responses: { type: "string", default: "10000" },
    models: { type: "string", default: "10" },
    voters: { type: "string", default: "32" },
    seconds: { type: "string", default: "20" },
    "trickle-seconds": { type: "string", default: "75" },
    "trickle-every-ms": { type: "string", default: "2500" },
  },
});
const root = path.resolve(import.meta.dirname, "..");
const MODELS = Number(values.models);
const RESPONSES = Number(values.responses);
const VOTERS = Number(values.voters);
const SECONDS = Math.min(Number(values.seconds), 600);
const TRICKLE_S = Math.min(Number(values["trickle-seconds"]), 600);
const TRICKLE_EVERY = Number(values["trickle-every-ms"]);
const DB_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/arena_bench";
const DB_NAME = new URL(DB_URL).pathname.slice(1);
const PORT = process.env.BENCH_PORT ?? "5500";
const SECRET = "bench-secret-not-for-production";
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const log = (m: string) => console.error(`[bench:votes] ${m}`);
const CHOICES = ["left", "right", "left", "right", "tie", "both_bad"] as const;
interface Voter {
  headers: Record<"Cookie" | "X-Forwarded-For" | "Content-Type", string>;
  conn: VoterConnection;
}
type App = Awaited<ReturnType<typeof startApp>>;

async function vote(voter: Voter, battleId: string, i: number): Promise<void> {
  const res = await voter.conn.post(
    `/api/battles/${battleId}/vote`,
    JSON.stringify({ choice: CHOICES[i % CHOICES.length] }),
    voter.headers,
  );
  if (res.status !== 201) throw new Error(`vote failed (${res.status}): ${res.text}`);
}

/** Deals one corpus battle through the API, as the page does; returns its id. */
async function deal(voter: Voter): Promise<string> {
  const res = await voter.conn.post("/api/battles", "{}", voter.headers);
  const body = JSON.parse(res.text) as { battle?: { id: string } };
  if (res.status !== 201 || !body.battle)
    throw new Error(`deal failed (${res.status}): ${JSON.stringify(body)}`);
  return body.battle.id;
}

/**
 * A virtual voter: its own connection, its cookie, and its own address as a proxy in
 * front of the arena would pass it (X-Forwarded-For), so the abuse defences see 32 people
 * rather than one address voting 400 times a second.
 */
function newVoter(base: string, n: number): Voter {
  return {
    headers: {
      Cookie: `arena_voter=${newVoterToken(SECRET).token}`,
      "X-Forwarded-For": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      "Content-Type": "application/json",
    },
    conn: new VoterConnection(base),
  };
}

// Every virtual voter votes far faster than the default limits allow (40 votes in 10
// minutes): the bench raises them so that it measures the vote path, limits still checked.
const BENCH_LIMITS = JSON.stringify(
  Object.fromEntries(
    ["deal", "vote"].map((name) => [
      name,
      { voter: { points: 1_000_000, durationS: 600 }, ip: { points: 1_000_000, durationS: 600 } },
    ]),
  ),
);

async function load(base: string, app: App) {
  const serverPid = app.pid;
  const queries0 = (await app.memory()).pgQueries;
  const deals: number[] = [];
  const votes: number[] = [];
  const failures: string[] = [];
  // BENCH_PROFILE_DIR: the probe profiles the server's main thread for the load only.
  if (process.env.BENCH_PROFILE_DIR) process.kill(serverPid, "SIGHUP");
  const cpu0 = cpuSeconds(serverPid);
  const main0 = mainThreadCpuSeconds(serverPid);
  const pg0 = postgresCpuSeconds(DB_NAME);
  const client0 = process.cpuUsage();
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: VOTERS }, async (_, v) => {
      const voter = newVoter(base, v + 1);
      for (let i = v; performance.now() < until; i++) {
        const t0 = performance.now();
        try {
          const id = await deal(voter);
          const t1 = performance.now();
          await vote(voter, id, i);
          deals.push(t1 - t0);
          votes.push(performance.now() - t1);
        } catch (error) {
          // Counted and shown, not fatal: a server that sheds load under 32 voters is a finding.
          failures.push((error as Error).message.slice(0, 120));
        }
      }
      await voter.conn.close();
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const cpu1 = cpuSeconds(serverPid);
  const main1 = mainThreadCpuSeconds(serverPid);
  const pg1 = postgresCpuSeconds(DB_NAME);
  const client = process.cpuUsage(client0);
  if (process.env.BENCH_PROFILE_DIR) process.kill(serverPid, "SIGHUP");
  const queries = (await app.memory()).pgQueries - queries0;
  const pairs = votes.length;
  return {
    pairs,
    failed: failures.length,
    failure_example: failures[0] ?? null,
    pairs_per_s: +(pairs / wall).toFixed(1),
    deal_ms: { p50: pct(deals, 50), p99: pct(deals, 99) },
    vote_ms: { p50: pct(votes, 50), p99: pct(votes, 99) },
    server_cpu_ms_per_pair: +(((cpu1 - cpu0) * 1000) / pairs).toFixed(2),
    // The event loop alone (requests), without recomputes in the ratings worker thread.
    server_main_thread_cpu_ms_per_pair: +(((main1 - main0) * 1000) / pairs).toFixed(2),
    postgres_cpu_ms_per_pair: +((cpuBetween(pg0, pg1) * 1000) / pairs).toFixed(2),
    // This process's own (the 32 voters' HTTP): it shares the machine's two cores.
    client_cpu_ms_per_pair: +((client.user + client.system) / 1000 / pairs).toFixed(2),
    // Statements sent to Postgres per deal+vote pair, after-vote screening included
    // (load-independent, like the CPU per pair).
    queries_per_pair: +(queries / (pairs + failures.length)).toFixed(2),
  };
}

/** Largest lag of the board behind its oldest uncounted vote, sampled every 500 ms. */
async function trickle(base: string) {
  let maxLagS = 0;
  let recomputes = 0;
  let lastUpdated: string | null = null;
  let stop = false;
  const sampler = (async () => {
    while (!stop) {
      const f = (await (await fetch(`${base}/api/leaderboard/freshness`)).json()) as {
        updated_at: string | null;
        oldest_uncounted_vote_at: string | null;
      };
      if (f.oldest_uncounted_vote_at)
        maxLagS = Math.max(maxLagS, (Date.now() - Date.parse(f.oldest_uncounted_vote_at)) / 1000);
      if (f.updated_at !== lastUpdated) recomputes++;
      lastUpdated = f.updated_at;
      await sleep(500);
    }
  })();
  const voter = newVoter(base, 0);
  const until = performance.now() + TRICKLE_S * 1000;
  let votes = 0;
  while (performance.now() < until) {
    const id = await deal(voter);
    await vote(voter, id, votes++);
    await sleep(TRICKLE_EVERY);
  }
  await voter.conn.close();
  stop = true;
  await sampler;
  return {
    votes,
    seconds: TRICKLE_S,
    every_ms: TRICKLE_EVERY,
    recomputes_seen: recomputes - 1,
    max_lag_s: +maxLagS.toFixed(1),
  };
}

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("No production build: run `npm run build` first.");
  const t0 = performance.now();
  await freshDatabase(DB_URL);
  await seedCorpus(DB_URL, { prompts: Math.ceil(RESPONSES / MODELS), models: MODELS });
  log(`seeded ${RESPONSES} responses in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const app = await startApp(Number(PORT), {
    DATABASE_URL: DB_URL,
    ARENA_SECRET: SECRET,
    ARENA_RATE_LIMITS: BENCH_LIMITS,
    // Scripted voters cannot solve the human check that a crowd of new cookies triggers,
    // and they vote without reading, so the detectors would rightly quarantine all 32 within
    // seconds and the bench would measure quarantine storms (each rewrites a voter's votes
    // under locks that votes wait for), not the vote path. Detection still runs on every
    // voter (its cost is measured; suggestions are recorded); only automatic quarantine is off.
    ARENA_CHALLENGES: "off",
    // The voters' addresses come from X-Forwarded-For, as behind the one reverse proxy a
    // public arena runs behind: 32 people, not 32 cookies at one address (whose per-address
    // limit and screening rows every request would then queue on).
    ARENA_TRUST_PROXY_HOPS: "1",
    ARENA_ABUSE_POLICY: JSON.stringify(
      Object.fromEntries(Object.keys(DEFAULT_POLICY).map((detector) => [detector, { auto: null }])),
    ),
    NODE_ENV: "production",
  });
  // Warm-up: compile the routes' code paths and fill the connection pools.
  const warm = newVoter(app.base, 1 << 20);
  for (let i = 0; i < 20; i++) await vote(warm, await deal(warm), i);
  await warm.conn.close();
  log(`load: ${VOTERS} voters for ${SECONDS} s (load average ${loadavg()})`);
  const loaded = await load(app.base, app);
  await sleep(5000); // let the recompute the load triggered finish
  log(`trickle: a vote every ${TRICKLE_EVERY} ms for ${TRICKLE_S} s`);
  const trickled = await trickle(app.base);
  console.log(
    JSON.stringify(
      {
        responses: RESPONSES,
        models: MODELS,
        voters: VOTERS,
        seconds: SECONDS,
        ...loaded,
        trickle: trickled,
        loadavg_after: loadavg(),
      },
      null,
      1,
    ),
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    stopAll();
    // The scratch database goes too (a 1M-response corpus is over a gigabyte); BENCH_KEEP_DB=1 keeps it.
    if (process.env.BENCH_KEEP_DB !== "1") await dropDatabase(DB_URL).catch((e) => log(`drop failed: ${e}`));
  });
