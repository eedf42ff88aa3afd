import "server-only";
import { LRUCache } from "lru-cache";

// Leaderboard reads change only when a recompute writes a snapshot, yet every page
// view and API call asks for them. A short-lived per-process memo absorbs bursts;
// the recompute clears it in its own process, and the TTL bounds how stale another
// instance can be. The keys are per category, so a bound on their number keeps a
// crawler walking many categories from growing the memo without end.
// Off under test, where each case reseeds the database between reads.
const TTL_MS = process.env.NODE_ENV === "test" ? 0 : 2000;
const entries = new LRUCache<string, Promise<unknown>>({ max: 1000, ttl: Math.max(TTL_MS, 1) });

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
