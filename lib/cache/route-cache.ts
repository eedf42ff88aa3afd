import "server-only";

// The in-process ISR store that lib/cache/route-cache-handler.mjs keeps (see there for
// why it is ours). Keys are Next's route cache keys; every page key holds its pathname.
const STORE = Symbol.for("pairwise-arena.route-cache");

interface RouteCacheStore {
  entries: Map<string, { bytes: number }>;
  bytes: number;
}

/** Drops every cached page whose key contains `pathname` (e.g. "/leaderboard"). */
export function evictCachedRoutes(pathname: string): number {
  const store = (globalThis as Record<symbol, RouteCacheStore | undefined>)[STORE];
  if (!store) return 0;
  let evicted = 0;
  for (const [key, entry] of store.entries) {
    if (!key.includes(pathname)) continue;
    store.entries.delete(key);
    store.bytes -= entry.bytes;
    evicted += 1;
  }
  return evicted;
}
