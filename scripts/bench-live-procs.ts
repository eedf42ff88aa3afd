// Processes for scripts/bench-live.ts: a fresh database, the scripted LLM server and the
// production build, each in its own process so the load generator measures, not competes.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FakeRequestLog } from "../e2e/fake-llm-server";
import { migrate, recreateDatabase } from "../lib/db/migrate";
import { serverNodeArgs } from "./server-node-args";

const root = path.resolve(import.meta.dirname, "..");
const children: ChildProcess[] = [];
const probePath = path.join(tmpdir(), `arena-bench-probe-${process.pid}.cjs`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops every process started here (on success and on failure). */
export function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  rmSync(probePath, { force: true });
}

/** A fresh, migrated database at `url`. */
export async function freshDatabase(url: string) {
  await recreateDatabase(url);
  await migrate(url);
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForUrl(url: string, what: string) {
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(100);
  }
  throw new Error(`${what} did not start (${url})`);
}

export interface FakeProcess {
  url: string;
  requests(): Promise<FakeRequestLog[]>;
  reset(): Promise<void>;
}

export async function startFakeServer(port: number): Promise<FakeProcess> {
  const tsx = path.join(root, "node_modules/.bin/tsx");
  children.push(
    spawn(tsx, ["e2e/fake-llm-server.ts", "--port", String(port)], { cwd: root, stdio: "ignore" }),
  );
  const origin = `http://127.0.0.1:${port}`;
  await waitForUrl(`${origin}/health`, "the scripted LLM server");
  return {
    url: `${origin}/v1`,
    requests: async () => (await fetch(`${origin}/__requests`)).json(),
    reset: async () => void (await fetch(`${origin}/__reset`, { method: "POST" })),
  };
}

export interface Memory {
  heapUsed: number;
  rss: number;
  /** Statements the server sent to Postgres so far (pg's Client#query calls: Prisma's and the side pools'). */
  pgQueries: number;
}

// Bench-only preload: on SIGUSR2, collect garbage and print the heap, so "memory returns
// to baseline" is measured on live objects rather than on what V8 keeps reserved; with
// it the number of statements sent through pg (pg is a server-external package, so the
// app loads this same module).
const PROBE = `let pgQueries = 0;
try {
  const pg = require(require.resolve("pg", { paths: [process.cwd()] }));
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (...args) { pgQueries++; return query.apply(this, args); };
} catch {}
process.on("SIGUSR2", () => {
  if (global.gc) { global.gc(); global.gc(); }
  process.stdout.write("BENCH_MEM " + JSON.stringify({ ...process.memoryUsage(), pgQueries }) + "\\n");
});
// With BENCH_PROFILE_DIR: SIGHUP starts a CPU profile of the main thread, the next SIGHUP
// writes it there (a window around the load only, not start-up and warm-up).
if (process.env.BENCH_PROFILE_DIR) {
  const inspector = require("node:inspector");
  const session = new inspector.Session();
  session.connect();
  let on = false;
  process.on("SIGHUP", () => {
    if (!on) { on = true; session.post("Profiler.enable", () => session.post("Profiler.start")); return; }
    on = false;
    session.post("Profiler.stop", (err, res) => {
      if (err) return;
      const file = require("node:path").join(process.env.BENCH_PROFILE_DIR, "load-" + Date.now() + ".cpuprofile");
      require("node:fs").writeFileSync(file, JSON.stringify(res.profile));
      process.stdout.write("BENCH_PROFILE " + file + "\\n");
    });
  });
}`;

export async function startApp(
  port: number,
  env: Record<string, string>,
): Promise<{ base: string; pid: number; memory: () => Promise<Memory> }> {
  const probe = probePath;
  writeFileSync(probe, PROBE);
  const next = path.join(root, "node_modules/next/dist/bin/next");
  const extra = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []; // e.g. --cpu-prof
  const child = spawn(
    process.execPath,
    [
      "--expose-gc",
      ...serverNodeArgs(),
      "--require",
      probe,
      ...extra,
      next,
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(port),
    ],
    { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  let waiting: ((m: Memory) => void) | null = null;
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) {
      if (line.startsWith("BENCH_MEM ") && waiting) waiting(JSON.parse(line.slice(10)));
    }
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForUrl(`${base}/leaderboard`, "the app (did `npm run build` succeed?)");
  const memory = () =>
    new Promise<Memory>((resolve) => {
      waiting = resolve;
      child.kill("SIGUSR2");
    });
  return { base, pid: child.pid as number, memory };
}
