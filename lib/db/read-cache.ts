import "server-only";

// Leaderboard reads change only when a recompute writes a snapshot, yet every page
// view and API call asks for them. A short-lived per-process memo absorbs bursts;
// the recompute clears it in its own process, and the TTL bounds how stale another
// instance can be.
// Off under test, where each case reseeds the database between reads.
const TTL_MS = process.env.NODE_ENV === "test" ? 0 : 2000;
const entries = new Map<string, { at: number; value: Promise<unknown> }>();

export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { at: now, value });
  value.catch(() => entries.delete(key));
  return value;
}

export function clearReadCache(): void {
  entries.clear();
}
