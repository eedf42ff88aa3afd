// Where the CLIs (db:deploy, db:seed, import:corpus, the benches) find their database
// when DATABASE_URL is unset: the embedded PostgreSQL that `npm run arena` started,
// whose address it writes to .data/database-url while it runs (removed when it
// stops). A file left behind by a killed arena is recognised by nobody listening.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
export const EMBEDDED_URL_FILE = path.join(root, ".data", "database-url");

/** `npm run arena` records the embedded database's URL (and forgets it on exit). */
export function recordEmbeddedUrl(url: string): () => void {
  writeFileSync(EMBEDDED_URL_FILE, `${url}\n`, { mode: 0o600 });
  return () => rmSync(EMBEDDED_URL_FILE, { force: true });
}

/** True when something accepts a TCP connection at the URL's host and port. */
export function listening(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** The running embedded database's URL, or null when `npm run arena` is not running. */
export async function embeddedDatabaseUrl(file = EMBEDDED_URL_FILE): Promise<string | null> {
  if (!existsSync(file)) return null;
  const url = readFileSync(file, "utf8").trim();
  return url && (await listening(url)) ? url : null;
}

export const NO_DATABASE = [
  "No database: DATABASE_URL is unset and no embedded database is running.",
  "Either start the arena in another terminal (`npm run arena`; its embedded PostgreSQL is found",
  "automatically while it runs) and run this again, or point DATABASE_URL at a PostgreSQL — the",
  "same one as the arena's if you started it with DATABASE_URL (a .env file is read too):",
  "  DATABASE_URL=postgresql://user:pass@host:5432/arena npm run <command> …",
].join("\n");

/**
 * DATABASE_URL, else the embedded database of a running `npm run arena` (also put into
 * process.env.DATABASE_URL, which lib/env.ts reads); throws the instructions above
 * when there is neither.
 */
export async function resolveDatabaseUrl(log: (m: string) => void = console.error): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const url = await embeddedDatabaseUrl();
  if (!url) throw new Error(NO_DATABASE);
  log(
    `Using the embedded database of the running \`npm run arena\` (${path.relative(root, EMBEDDED_URL_FILE)}).`,
  );
  process.env.DATABASE_URL = url;
  return url;
}

/**
 * A benchmark's scratch database: BENCH_DATABASE_URL, else database `name` on the
 * running embedded server, else on the local PostgreSQL at 127.0.0.1:5432.
 */
export async function benchDatabaseUrl(name: string): Promise<string> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const embedded = await embeddedDatabaseUrl();
  if (!embedded) return `postgresql://postgres@127.0.0.1:5432/${name}`;
  const u = new URL(embedded);
  u.pathname = `/${name}`;
  return u.toString();
}
