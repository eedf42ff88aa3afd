import "server-only";
import { LRUCache } from "lru-cache";

// Leaderboard reads change only when a recompute writes a snapshot, yet every page
// view and API call asks for them. A short-lived per-process memo absorbs bursts;
// the recompute clears it in its own process, and the TTL bounds how stale another
// instance can be. The keys are per category, so a bound on their number keeps a
// crawler walking many categories from growing the memo without end.
// Off under test, where each case reseeds the database between reads.
const TTL_MS = process.env.NODE_ENV === "test" ? 0 : 2000;
// On globalThis: Next bundles this module into several server chunks (pages, route
// handlers, instrumentation.ts), each with its own copy of module state. The signal that a
// new snapshot exists arrives in one of them (lib/instances/instance.ts); clearing only
// that copy left a page render reading the old snapshot for up to the TTL, and caching
// the stale page for its revalidate period.
const store = globalThis as unknown as { __arenaReadCache?: LRUCache<string, Promise<unknown>> };
store.__arenaReadCache ??= new LRUCache<string, Promise<unknown>>({ max: 1000, ttl: Math.max(TTL_MS, 1) });
const entries = store.__arenaReadCache;

export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (TTL_MS === 0) return load();
  const hit = entries.get(key);
  if (hit) return hit as Promise<T>;
  const value = load();
  entries.set(key, value);
  value.catch(() => entries.delete(key));
  return value;
}

export function clearReadCache(): void {
  entries.clear();
}
