import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import { isDatabaseUnavailable } from "@/lib/errors";

// Whether the database is down, for proxy.ts: a page request during an outage is answered
// 503 with a page that says so before any rendering starts (App Router pages cannot set
// their status once rendering has begun: an error there is a 500 at best). Known from a
// `SELECT 1` on a one-connection pool of its own, asked again at most every UP_TTL_MS while
// pages are requested, so an idle instance asks nothing. While the database is down, each
// asking request after DOWN_TTL_MS waits for a fresh answer (≤ PROBE_TIMEOUT_MS), so the
// first page after the database is back renders normally.

const UP_TTL_MS = 2_000;
const DOWN_TTL_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_500;

interface ProbeState {
  pool: pg.Pool | null;
  down: boolean;
  checkedAt: number;
  inFlight: Promise<boolean> | null;
}

const g = globalThis as unknown as { __arenaOutage?: ProbeState };
g.__arenaOutage ??= { pool: null, down: false, checkedAt: 0, inFlight: null };
const state = g.__arenaOutage;

function probePool(): pg.Pool {
  if (!state.pool) {
    state.pool = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: 1,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      idleTimeoutMillis: 10_000,
      application_name: "arena-outage-probe",
    });
    // An idle connection dropped by a restarting server must not crash the process.
    state.pool.on("error", () => {});
  }
  return state.pool;
}

function probe(): Promise<boolean> {
  state.inFlight ??= probePool()
    .query("SELECT 1")
    .then(
      () => false,
      // Only an unreachable database counts: a full or slow one is "busy", which the
      // pages and APIs answer on their own.
      (error: unknown) => isDatabaseUnavailable(error) && !/too many clients/i.test(String(error)),
    )
    .then((down) => {
      if (down !== state.down)
        console.error(down ? "database unreachable: pages answer 503" : "database back");
      state.down = down;
      state.checkedAt = Date.now();
      state.inFlight = null;
      return down;
    });
  return state.inFlight;
}

/** Whether the database looked unreachable on the latest check (asking again when that is old). */
export async function databaseLooksDown(): Promise<boolean> {
  const age = Date.now() - state.checkedAt;
  if (state.down) return age < DOWN_TTL_MS ? true : probe();
  if (age >= UP_TTL_MS) void probe();
  return false;
}
