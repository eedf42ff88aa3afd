import "server-only";
import { type Freshness, getFreshness } from "@/lib/db/leaderboard-freshness";
import { cached } from "@/lib/db/read-cache";
import { env } from "@/lib/env";
import { recomputeLeaderboards } from "./recompute";

// When a recompute is due, per server process. Votes wait for a quiet spell (the
// debounce) so a burst folds into one run, but never longer than the maximum wait after
// the first vote the board does not count: steady traffic no longer postpones it forever.
// Which votes are uncounted is known to the database (lib/db/leaderboard-freshness.ts),
// so this timer is only a prompt: the lock makes runs one at a time across instances,
// and any instance reading the board starts an overdue run (kickRecomputeIfOverdue).
interface SchedulerState {
  timer: NodeJS.Timeout | null;
  timerDue: number;
  running: boolean;
  /** Local time of the oldest vote (or overdue report) not yet handed to a run. */
  firstPendingAt: number | null;
  lastVoteAt: number;
  /** The last run's length, so the run can start early enough to finish within the wait. */
  lastRunMs: number;
}

const BUSY_RETRY_MS = 1000;
const global = globalThis as unknown as { __arenaRecompute?: SchedulerState };

function state(): SchedulerState {
  global.__arenaRecompute ??= {
    timer: null,
    timerDue: 0,
    running: false,
    firstPendingAt: null,
    lastVoteAt: 0,
    lastRunMs: 0,
  };
  return global.__arenaRecompute;
}

/** When the pending votes' run should start: after the quiet spell, capped by the maximum wait. */
export function dueAt(
  s: Pick<SchedulerState, "firstPendingAt" | "lastVoteAt" | "lastRunMs">,
  { debounceMs, maxWaitMs }: { debounceMs: number; maxWaitMs: number },
): number {
  const first = s.firstPendingAt ?? s.lastVoteAt;
  // Start early by the last run's length (and a little slack) so the board is updated by then.
  const latest = first + Math.max(0, maxWaitMs - Math.ceil(s.lastRunMs * 1.25) - 250);
  return Math.min(s.lastVoteAt + debounceMs, latest);
}

function arm(s: SchedulerState, due: number): void {
  if (s.timer && s.timerDue <= due) return;
  if (s.timer) clearTimeout(s.timer);
  s.timerDue = due;
  s.timer = setTimeout(() => void run(s), Math.max(0, due - Date.now()));
  s.timer.unref?.();
}

async function run(s: SchedulerState): Promise<void> {
  s.timer = null;
  if (s.running) return;
  s.running = true;
  const pendingSince = s.firstPendingAt;
  s.firstPendingAt = null;
  let busy = false;
  try {
    const summary = await recomputeLeaderboards(undefined, { ifChanged: true });
    busy = summary.status === "busy";
    if (summary.status === "ok") s.lastRunMs = summary.ms;
  } catch (error) {
    console.error("leaderboard recompute failed", error);
  } finally {
    s.running = false;
  }
  if (busy) {
    // Another instance is fitting, maybe from votes older than ours: ask again when it is done.
    s.firstPendingAt = Math.min(pendingSince ?? Date.now(), s.firstPendingAt ?? Number.POSITIVE_INFINITY);
    arm(s, Date.now() + BUSY_RETRY_MS);
  } else if (s.firstPendingAt !== null) {
    arm(s, dueAt(s, waits()));
  }
}

function waits(): { debounceMs: number; maxWaitMs: number } {
  const e = env();
  return { debounceMs: e.ARENA_RECOMPUTE_DEBOUNCE_MS, maxWaitMs: e.ARENA_RECOMPUTE_MAX_WAIT_MS };
}

/** Call after each recorded vote. */
export function scheduleRecompute(): void {
  const s = state();
  const now = Date.now();
  s.lastVoteAt = now;
  s.firstPendingAt ??= now;
  // A run in progress may have read the votes before this one: the next run is armed when it ends.
  if (!s.running) arm(s, dueAt(s, waits()));
}

/**
 * How fresh the board is, for the page and the API; called where the board is read, so
 * if the database says the board has missed a vote for longer than the maximum wait (the
 * instance that took it may have died, or never ran its timer), a run starts here.
 * Costs one query, memoised for a couple of seconds.
 */
export async function readFreshness(): Promise<Freshness> {
  const f = await cached("leaderboard-freshness", getFreshness);
  const waited = f.firstUncountedAt ? f.now.getTime() - f.firstUncountedAt.getTime() : 0;
  if (f.firstUncountedAt && waited >= waits().maxWaitMs) {
    const s = state();
    s.firstPendingAt = Math.min(s.firstPendingAt ?? Date.now(), Date.now() - waited);
    s.lastVoteAt = Math.max(s.lastVoteAt, s.firstPendingAt);
    if (!s.running) arm(s, Date.now());
  }
  return f;
}
