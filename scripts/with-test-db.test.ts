import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// `npm test`'s database discovery, run as the real script (its signal handling and
// cleanup are the point). The embedded server gets its own temp folder and a free
// port, so this touches no other test's database.
const root = path.resolve(import.meta.dirname, "..");
const script = path.join(root, "scripts/with-test-db.ts");

// Connects to the server it was given, prints where that server keeps its data, then
// exits with the code given (or stays up with "hold").
const PROBE = `
const pg = require("pg");
const fs = require("node:fs");
(async () => {
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = "/postgres";
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  const { rows } = await c.query("SELECT current_setting('data_directory') AS dir, 1 + 1 AS two");
  await c.end();
  const pid = Number(fs.readFileSync(rows[0].dir + "/postmaster.pid", "utf8").split("\\n")[0]);
  console.log("PROBE " + JSON.stringify({ dir: rows[0].dir, pid, self: process.pid, two: rows[0].two, test: process.env.TEST_DATABASE_URL, e2e: process.env.E2E_DATABASE_URL }));
  if (process.argv[1] === "hold") setInterval(() => {}, 1000);
  else process.exit(Number(process.argv[1] ?? 0));
})();
`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.TEST_DATABASE_URL;
  delete env.E2E_DATABASE_URL;
  return env;
}

/** A port on which nothing listens (bound once by the OS, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

const running: ChildProcess[] = [];
const servers: Server[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null) p.kill("SIGKILL");
  for (const s of servers.splice(0)) s.close();
});

function launch(command: string[], env: NodeJS.ProcessEnv, detached = false) {
  const child = spawn(process.execPath, ["--import", "tsx", script, "--", ...command], {
    cwd: root,
    env,
    detached,
  });
  running.push(child);
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, exited, output: () => out };
}

interface Probe {
  dir: string;
  pid: number;
  self: number;
  two: number;
  test: string;
  e2e: string;
}

/** A run whose command connected and then waits; resolves once the probe has printed. */
async function holding() {
  const port = await closedPort();
  const run = launch(
    [process.execPath, "-e", PROBE, "hold"],
    baseEnv({ ARENA_TEST_PG_PORT: String(port) }),
    true,
  );
  for (let i = 0; i < 600 && !run.output().includes("PROBE "); i++)
    await new Promise((r) => setTimeout(r, 100));
  const probe = probeResult(run.output());
  expect(alive(probe.pid)).toBe(true);
  return { run, probe };
}

function probeResult(out: string): Probe {
  const line = out.split("\n").find((l) => l.startsWith("PROBE "));
  expect(line, out).toBeDefined();
  return JSON.parse(line!.slice(6));
}

describe("with-test-db (npm test's database discovery)", () => {
  it("starts an embedded PostgreSQL when nothing answers, and removes it after a failing run", async () => {
    // First a run killed outright (SIGKILL: no cleanup possible), leaving postgres and its folder.
    const killed = await holding();
    killed.run.child.kill("SIGKILL");
    process.kill(killed.probe.self, "SIGKILL");
    await killed.run.exited;
    expect(alive(killed.probe.pid)).toBe(true);
    const port = await closedPort();
    const run = launch([process.execPath, "-e", PROBE, "3"], baseEnv({ ARENA_TEST_PG_PORT: String(port) }));
    const code = await run.exited;
    const out = run.output();
    expect(code, out).toBe(3);
    expect(out).toContain(`No PostgreSQL at 127.0.0.1:${port}`);
    const probe = probeResult(out);
    expect(probe.two).toBe(2);
    expect(probe.test).toMatch(/^postgresql:\/\/postgres:[0-9a-f]{36}@127\.0\.0\.1:\d+\/arena_test$/);
    expect(probe.e2e).toBe(probe.test.replace(/arena_test$/, "arena_e2e"));
    expect(probe.test).not.toContain(`:${port}/`);
    expect(alive(probe.pid)).toBe(false);
    expect(existsSync(probe.dir)).toBe(false);
    // The next run swept what the killed one left.
    expect(alive(killed.probe.pid)).toBe(false);
    expect(existsSync(killed.probe.dir)).toBe(false);
  }, 180_000);

  it("cleans up after a Ctrl-C that reaches the tests and postgres too", async () => {
    // Its own process group, as a terminal's foreground job: the signal goes to all of it.
    const { run, probe } = await holding();
    process.kill(-run.child.pid!, "SIGINT");
    expect(await run.exited).toBe(130);
    expect(alive(probe.pid)).toBe(false);
    expect(existsSync(probe.dir)).toBe(false);
  }, 120_000);

  it("uses the server that answers at the discovery port, starting nothing", async () => {
    const srv = createServer((socket) => socket.end());
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const { port } = srv.address() as { port: number };
    const print = "console.log(process.env.TEST_DATABASE_URL + ' ' + process.env.E2E_DATABASE_URL)";
    const run = launch([process.execPath, "-e", print], baseEnv({ ARENA_TEST_PG_PORT: String(port) }));
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain(
      `postgresql://postgres@127.0.0.1:${port}/arena_test postgresql://postgres@127.0.0.1:${port}/arena_e2e`,
    );
    expect(run.output()).not.toContain("embedded");
  });

  it("leaves explicit URLs alone and refuses a malformed discovery port", async () => {
    const url = "postgresql://postgres@127.0.0.1:1/mine";
    const print = "console.log('URL=' + process.env.TEST_DATABASE_URL + ' ' + process.env.E2E_DATABASE_URL)";
    const kept = launch([process.execPath, "-e", print], { ...baseEnv({}), TEST_DATABASE_URL: url });
    expect(await kept.exited).toBe(0);
    expect(kept.output()).toContain(`URL=${url} undefined`);
    const bad = launch(["true"], baseEnv({ ARENA_TEST_PG_PORT: "54x" }));
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain("ARENA_TEST_PG_PORT must be a TCP port number, got '54x'.");
  });
});
