// A throwaway primary and its streaming hot standby, for the read-replica tests. Both are
// new clusters in a temp folder on free ports: the machine's own PostgreSQL (whose
// pg_hba.conf may refuse replication connections, as on the dev and CI machines) is left
// untouched. Needs the server binaries with pg_basebackup (Debian's postgresql package).
import { execFile } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export interface ReplicaCluster {
  /** postgresql://… of the primary's `arena` database. */
  primaryUrl: string;
  /** The same database on the standby (read-only, replaying the primary's WAL). */
  replicaUrl: string;
  /** Stops the standby (a replica that went away); `startReplica` brings it back. */
  stopReplica: () => Promise<void>;
  startReplica: () => Promise<void>;
  /** Stops and deletes both clusters. */
  stop: () => Promise<void>;
}

/** The newest installed server's bin folder with every tool needed, or null. */
export function findPostgresBin(): string | null {
  const roots = [process.env.PG_BIN_DIR, ...versionDirs("/usr/lib/postgresql")].filter(Boolean) as string[];
  const tools = ["initdb", "pg_ctl", "pg_basebackup", "postgres"];
  return roots.find((dir) => tools.every((t) => existsSync(path.join(dir, t)))) ?? null;
}

function versionDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, "bin"));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface PgUser {
  uid: number;
  gid: number;
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` OS user. */
async function osUser(): Promise<PgUser | null> {
  if (process.getuid?.() !== 0) return null;
  const { stdout } = await run("id", ["-u", "postgres"]).catch(() => {
    throw new Error("running as root, and there is no postgres OS user to run the test clusters as");
  });
  const { stdout: gid } = await run("id", ["-g", "postgres"]);
  return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
}

async function pgTool(bin: string, user: PgUser | null, tool: string, args: string[]): Promise<void> {
  const file = path.join(bin, tool);
  if (user) await run("runuser", ["-u", "postgres", "--", file, ...args], { timeout: 60_000 });
  else await run(file, args, { timeout: 60_000 });
}

async function waitForQuery(url: string, sql: string, ms = 30_000): Promise<void> {
  let last: unknown;
  for (const end = Date.now() + ms; Date.now() < end; ) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>(sql);
      if (rows[0]?.ok) return;
      last = new Error(`${sql} is not true yet`);
    } catch (error) {
      last = error;
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}: ${(last as Error)?.message}`);
}

/**
 * Starts a primary (wal_level replica, replication allowed from 127.0.0.1 only) and a
 * standby made with pg_basebackup -R, streaming from it; resolves once the standby
 * streams. Throws when it cannot (no binaries, no postgres user): tests skip on that.
 */
export async function startReplicaCluster(): Promise<ReplicaCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("no PostgreSQL server binaries with pg_basebackup (set PG_BIN_DIR)");
  const user = await osUser();
  const root = mkdtempSync(path.join(tmpdir(), "arena-replica-"));
  chmodSync(root, 0o700);
  if (user) chownSync(root, user.uid, user.gid);
  const primaryDir = path.join(root, "primary");
  const replicaDir = path.join(root, "replica");
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const ctl = (dir: string, port: number, action: "start" | "stop") =>
    pgTool(
      bin,
      user,
      "pg_ctl",
      action === "start"
        ? [
            "-D",
            dir,
            "-l",
            path.join(root, `${path.basename(dir)}.log`),
            "-w",
            "-o",
            `-p ${port} -k ${root}`,
            "start",
          ]
        : ["-D", dir, "-m", "immediate", "-w", "stop"],
    );
  let primaryUp = false;
  let replicaUp = false;
  const stop = async () => {
    if (replicaUp) await ctl(replicaDir, replicaPort, "stop").catch(() => {});
    if (primaryUp) await ctl(primaryDir, primaryPort, "stop").catch(() => {});
    replicaUp = primaryUp = false;
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await pgTool(bin, user, "initdb", [
      "-D",
      primaryDir,
      "-U",
      "postgres",
      "--auth=trust",
      "-E",
      "UTF8",
      "--no-sync",
    ]);
    writeFileSync(
      path.join(primaryDir, "postgresql.auto.conf"),
      "listen_addresses = '127.0.0.1'\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\n" +
        "shared_buffers = 16MB\nmax_connections = 100\n",
    );
    writeFileSync(
      path.join(primaryDir, "pg_hba.conf"),
      "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n",
    );
    if (user) {
      chownSync(path.join(primaryDir, "postgresql.auto.conf"), user.uid, user.gid);
      chownSync(path.join(primaryDir, "pg_hba.conf"), user.uid, user.gid);
    }
    await ctl(primaryDir, primaryPort, "start");
    primaryUp = true;
    const server = `postgresql://postgres@127.0.0.1:${primaryPort}`;
    await waitForQuery(`${server}/postgres`, "SELECT true AS ok");
    const admin = new pg.Client({ connectionString: `${server}/postgres` });
    await admin.connect();
    await admin.query("CREATE DATABASE arena");
    await admin.end();
    await pgTool(bin, user, "pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(primaryPort),
      "-U",
      "postgres",
      "-D",
      replicaDir,
      "-R",
      "-X",
      "stream",
      "--no-sync",
      "--checkpoint=fast",
    ]);
    await ctl(replicaDir, replicaPort, "start");
    replicaUp = true;
    await waitForQuery(
      `${server}/postgres`,
      "SELECT EXISTS (SELECT 1 FROM pg_stat_replication WHERE state = 'streaming') AS ok",
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    primaryUrl: `postgresql://postgres@127.0.0.1:${primaryPort}/arena`,
    replicaUrl: `postgresql://postgres@127.0.0.1:${replicaPort}/arena`,
    stopReplica: async () => {
      await ctl(replicaDir, replicaPort, "stop");
      replicaUp = false;
    },
    startReplica: async () => {
      await ctl(replicaDir, replicaPort, "start");
      replicaUp = true;
      await waitForQuery(
        `postgresql://postgres@127.0.0.1:${replicaPort}/arena`,
        "SELECT pg_is_in_recovery() AS ok",
      );
    },
    stop,
  };
}
