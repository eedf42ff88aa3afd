// `npm run bench:instances` (after `npm run build`): two production instances on
// different ports sharing one database, checked the way a load balancer would use them
// (no sticky routing). Prints each check with its figure and exits non-zero on a failure.
// - Stop: a live stream started on instance A is stopped by a Stop sent to instance B.
// - Votes: the same battle voted on A and on B at the same moment is counted once.
// - Snapshot: after a recompute on A, B serves the new board (page and API) within a second.
// - Rate limits: one limit shared by both (requests split between them hit it together).
// Database: BENCH_DATABASE_URL or arena_bench_instances (recreated); ports BENCH_PORT..+2.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LiveEvent } from "../lib/arena/live-types";
import { WEIGHTED_SAMPLER } from "../lib/arena/samplers";
import { signVoterId } from "../lib/arena/voter-token";
import { freshDatabase, sleep, startApp, startFakeServer, stopAll } from "./bench-live-procs";
import { serverActionId } from "./bench-votes-lib";
import { benchDatabaseUrl } from "./database-url";

const root = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3270);
const DB_URL = await benchDatabaseUrl("arena_bench_instances");
const SECRET = "bench-secret-not-for-production";
const TOKEN = "bench-admin-token";
const log = (m: string) => console.log(`[bench:instances] ${m}`);
const failures: string[] = [];
function check(ok: boolean, what: string) {
  log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("No production build: run `npm run build` first.");
  Object.assign(process.env, { DATABASE_URL: DB_URL, ARENA_SECRET: SECRET, NODE_ENV: "production" });
  await freshDatabase(DB_URL);
  const fake = await startFakeServer(PORT + 2);
  const { syncModels } = await import("../lib/db/models");
  const { createLiveBattle } = await import("../lib/db/live-battles");
  const { db } = await import("../lib/db/client");
  const entry = (slug: string) => ({
    slug,
    displayName: slug,
    openWeights: false,
    weight: 1,
    provider: { kind: "openai_compatible" as const, baseURL: fake.url, model: slug },
  });
  await syncModels({ models: ["slow-bench-1", "fast-bench-1", "fast-bench-2"].map(entry) });
  const ids = new Map((await db.model.findMany()).map((m) => [m.slug, m.id]));
  const env = {
    DATABASE_URL: DB_URL,
    ARENA_SECRET: SECRET,
    ARENA_ADMIN_TOKEN: TOKEN,
    NODE_ENV: "production",
    // Recomputes only when asked, so the snapshot check times one known run.
    ARENA_RECOMPUTE_DEBOUNCE_MS: "3600000",
    ARENA_RECOMPUTE_MAX_WAIT_MS: "3600000",
    // Every scripted voter is a new identity from 127.0.0.1: the new-voter challenge would stop them.
    ARENA_CHALLENGES: "off",
    ARENA_ABUSE_POLICY: JSON.stringify({ fast_votes: { auto: null }, burst: { auto: null } }),
    ARENA_RATE_LIMITS: JSON.stringify({
      ...Object.fromEntries(
        ["deal", "vote", "stream", "card"].map((n) => [n, { ip: { points: 100_000, durationS: 60 } }]),
      ),
      export: { ip: { points: 4, durationS: 600 } },
    }),
  };
  const [a, b] = await Promise.all([startApp(PORT, env), startApp(PORT + 1, env)]);
  log(`instances A ${a.base} and B ${b.base} on ${new URL(DB_URL).pathname.slice(1)}`);

  const deal = async (voterId: string, left: string, right: string) =>
    (
      await createLiveBattle({
        voterId,
        mode: "named",
        modelAId: ids.get(left)!,
        modelBId: ids.get(right)!,
        shownLeft: "a",
        sampler: WEIGHTED_SAMPLER,
        pairProbability: 1,
        prompt: `instances ${randomUUID()}`,
        categoryTags: [],
        leakFlags: [],
      })
    ).id;
  const cookieOf = (voterId: string) => `arena_voter=${signVoterId(voterId, SECRET)}`;
  async function* events(base: string, battleId: string, cookie: string): AsyncGenerator<LiveEvent> {
    const res = await fetch(`${base}/api/battles/${battleId}/stream`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ turn: 0 }),
    });
    if (!res.ok || !res.body) throw new Error(`stream HTTP ${res.status}: ${await res.text()}`);
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines.filter(Boolean)) yield JSON.parse(line) as LiveEvent;
    }
  }
  const stopAction = serverActionId(root, "stopSideAction");
  const stopOn = async (base: string, battleId: string, cookie: string) => {
    const res = await fetch(`${base}/`, {
      method: "POST",
      headers: {
        "Next-Action": stopAction,
        "Content-Type": "text/plain;charset=UTF-8",
        Accept: "text/x-component",
        cookie,
      },
      body: JSON.stringify([{ battleId, side: "left" }]),
    });
    return (await res.text()).includes('"status":"ok"');
  };

  // 1. Stop through the other instance.
  for (let round = 0; round < 3; round++) {
    const voterId = randomUUID();
    const cookie = cookieOf(voterId);
    const battleId = await deal(voterId, "slow-bench-1", "fast-bench-1");
    let stopSentAt = 0;
    let stopLatency = Number.NaN;
    let acknowledged = false;
    let end = "";
    for await (const e of events(a.base, battleId, cookie)) {
      if (e.type === "delta" && e.side === "left" && !stopSentAt) {
        stopSentAt = performance.now();
        void stopOn(b.base, battleId, cookie).then((ok) => {
          acknowledged = ok;
        });
      }
      if (e.type === "stopped" && e.side === "left") stopLatency = performance.now() - stopSentAt;
      if (e.type === "end") end = e.status;
    }
    const row = await db.message.findFirst({
      where: { battleId, side: "a" },
      select: { finishReason: true },
    });
    check(
      acknowledged && stopLatency < 5_000 && row?.finishReason === "stopped" && end === "ready",
      `Stop sent to B stopped A's stream in ${stopLatency.toFixed(0)} ms (B answered ok: ${acknowledged}; stored ${row?.finishReason}; battle ${end})`,
    );
  }
  const strangers = await stopOn(
    b.base,
    await deal(randomUUID(), "fast-bench-1", "fast-bench-2"),
    cookieOf(randomUUID()),
  );
  check(!strangers, "a Stop from another voter is refused");

  // 2. The same vote on both instances at once, 20 times.
  let oks = 0;
  let already = 0;
  const other: string[] = [];
  const battles: string[] = [];
  for (let i = 0; i < 20; i++) {
    const voterId = randomUUID();
    const cookie = cookieOf(voterId);
    const battleId = await deal(voterId, "fast-bench-1", "fast-bench-2");
    for await (const _ of events(i % 2 ? a.base : b.base, battleId, cookie));
    battles.push(battleId);
    const vote = (base: string) =>
      fetch(`${base}/api/battles/${battleId}/vote`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ choice: i % 3 ? "left" : "right" }),
      }).then((r) => r.json() as Promise<{ status: string }>);
    for (const r of await Promise.all([vote(a.base), vote(b.base)])) {
      if (r.status === "ok") oks++;
      else if (r.status === "already_voted") already++;
      else other.push(JSON.stringify(r).slice(0, 200));
    }
  }
  const stored = await db.vote.count({ where: { battleId: { in: battles } } });
  check(
    oks === 20 && already === 20 && stored === 20,
    `20 battles each voted on A and B at once: ${oks} ok, ${already} already voted, ${stored} votes stored${other[0] ? `; other answers: ${other.length}, e.g. ${other[0]}` : ""}`,
  );

  // 3. A recompute on A; B's cached page and API show it within a second.
  const recompute = () =>
    fetch(`${a.base}/api/admin/recompute`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } });
  await recompute();
  const votesOnPage = async () =>
    /data-testid="snapshot-meta"[^>]*>(.*?)<\/p>/s.exec(
      await (await fetch(`${b.base}/leaderboard`)).text(),
    )?.[1];
  const snapshotOfApi = async () => (await fetch(`${b.base}/api/leaderboard`)).headers.get("etag");
  // The first board, once B shows it (B cached the empty page when it started).
  for (let i = 0; i < 100 && !(await votesOnPage()); i++) await sleep(50);
  const before = { page: await votesOnPage(), api: await snapshotOfApi() };
  await votesOnPage(); // cached by now
  for (let i = 0; i < 5; i++) {
    const voterId = randomUUID();
    const cookie = cookieOf(voterId);
    const battleId = await deal(voterId, "fast-bench-1", "fast-bench-2");
    for await (const _ of events(a.base, battleId, cookie));
    await fetch(`${a.base}/api/battles/${battleId}/vote`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ choice: "tie" }),
    });
  }
  await recompute();
  const t0 = performance.now();
  let pageAt = Number.NaN;
  let apiAt = Number.NaN;
  while (performance.now() - t0 < 5_000 && (Number.isNaN(pageAt) || Number.isNaN(apiAt))) {
    if (Number.isNaN(pageAt) && (await votesOnPage()) !== before.page) pageAt = performance.now() - t0;
    if (Number.isNaN(apiAt) && (await snapshotOfApi()) !== before.api) apiAt = performance.now() - t0;
    await sleep(20);
  }
  check(
    before.page !== undefined && pageAt < 1_000,
    `B's /leaderboard page showed the new snapshot ${pageAt.toFixed(0)} ms after A's recompute (before: ${before.page?.replaceAll("<!-- -->", "")})`,
  );
  check(
    apiAt < 1_000,
    `B's /api/leaderboard served the new snapshot ${apiAt.toFixed(0)} ms after A's recompute`,
  );

  // 4. One rate limit (export: 4 per address) across both instances.
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++)
    statuses.push((await fetch(`${(i % 2 ? a : b).base}/api/export/votes?format=fastchat`)).status);
  check(
    statuses.filter((s) => s === 429).length === 2,
    `6 export requests split over A and B with a limit of 4: statuses ${statuses.join(" ")}`,
  );

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
  .finally(() => {
    stopAll();
    if (failures.length) log(`${failures.length} check(s) failed`);
    process.exit(failures.length ? 1 : 0);
  });
