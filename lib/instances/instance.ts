import "server-only";
import { evictCachedRoutes } from "@/lib/cache/route-cache";
import { clearReadCache } from "@/lib/db/read-cache";
import { primaryLsn, raiseSnapshotFence, replicaConfigured } from "@/lib/db/replica";
import { env } from "@/lib/env";
import { stopLocalStream } from "@/lib/live/registry";
import { createSignalBus, type Signal, type SignalBus } from "./signals";

// This process as one of several app instances: its signal bus (and the session under
// it), started by instrumentation.ts at boot or by the first use, whichever comes first.

const g = globalThis as unknown as { __arenaInstance?: SignalBus };

/** Drops what this process cached from snapshots, so the next read sees the newest one. */
export function evictSnapshotCaches(): void {
  clearReadCache();
  evictCachedRoutes("/leaderboard");
}

function onSignal(signal: Signal): void {
  if (signal.type === "stop") stopLocalStream(signal.battleId, signal.side, signal.voterId);
  else {
    if (signal.lsn) raiseSnapshotFence(signal.lsn);
    evictSnapshotCaches();
  }
}

/**
 * Signals may have been missed: with a read replica, snapshots come from the primary until
 * the replica has replayed as far as the primary is now.
 */
function resync(): void {
  if (!replicaConfigured()) {
    evictSnapshotCaches();
    return;
  }
  void primaryLsn()
    .then(raiseSnapshotFence, () => {})
    .finally(evictSnapshotCaches);
}

export function instanceBus(): SignalBus {
  g.__arenaInstance ??= createSignalBus({
    databaseUrl: env().DATABASE_URL,
    redisUrl: env().REDIS_URL,
    onSignal,
    // Snapshot signals may have been missed while disconnected; stops are moot by now.
    onResync: resync,
  });
  return g.__arenaInstance;
}

/** Sends a signal to every other instance; a failure is logged, never thrown (the TTLs bound the damage). */
export async function publishSignal(signal: Signal): Promise<void> {
  try {
    await instanceBus().publish(signal);
  } catch (error) {
    console.error(`publishing the ${signal.type} signal failed:`, (error as Error).message);
  }
}

/** For tests and shutdown: closes the bus (a later instanceBus() opens a new one). */
export async function closeInstanceBus(): Promise<void> {
  const bus = g.__arenaInstance;
  g.__arenaInstance = undefined;
  await bus?.close();
}
