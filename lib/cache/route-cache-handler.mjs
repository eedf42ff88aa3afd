// Next.js `cacheHandler` (next.config.ts): the ISR store for pages such as /leaderboard.
//
// Why our own: Next's default handler also writes regenerated pages into `.next/`, so
// they outlive the process. A leaderboard page cached on disk then survives a restart
// onto another database (tests, `npm run arena` after a reset) and shows ratings that
// no longer exist. Here entries live only in this process's memory, bounded by bytes,
// and `lib/cache/route-cache.ts` evicts leaderboard pages the moment a recompute writes
// a new snapshot (Next's revalidatePath needs a request scope, which a debounced
// recompute does not have).
//
// Plain .mjs because Next imports it by path at start-up, outside the app bundle.

const STORE = Symbol.for("pairwise-arena.route-cache");
const MAX_BYTES = 64 * 1024 * 1024;

/** @returns {{ entries: Map<string, { value: unknown, lastModified: number, tags: string[], bytes: number }>, bytes: number, missedAt: Map<string, number>, evictedAt: number }} */
function store() {
  const g = /** @type {Record<symbol, any>} */ (globalThis);
  if (!g[STORE]) g[STORE] = { entries: new Map(), bytes: 0, missedAt: new Map(), evictedAt: 0 };
  return g[STORE];
}

/**
 * Drops the entries for which `match(key)` holds; returns how many. Tag revalidation and
 * lib/cache/route-cache.ts (evicting after a recompute) both go through here. A render
 * that started before this call (it may have read the old data) is then not stored.
 * @param {(key: string, tags: string[]) => boolean} match
 */
export function evictEntries(match) {
  store().evictedAt = Date.now();
  return drop(match);
}

/** @param {(key: string, tags: string[]) => boolean} match */
function drop(match) {
  const s = store();
  let evicted = 0;
  for (const [key, entry] of s.entries) {
    if (!match(key, entry.tags)) continue;
    s.entries.delete(key);
    s.bytes -= entry.bytes;
    evicted += 1;
  }
  return evicted;
}

/** @param {unknown} value */
function sizeOf(value) {
  if (!value || typeof value !== "object") return 64;
  let bytes = 256;
  for (const part of Object.values(value)) {
    if (typeof part === "string") bytes += part.length * 2;
    else if (part instanceof Uint8Array) bytes += part.byteLength;
    else if (part instanceof Map) {
      for (const v of part.values()) bytes += v?.byteLength ?? (typeof v === "string" ? v.length * 2 : 64);
    }
  }
  return bytes;
}

export default class RouteCacheHandler {
  /** @param {string} key */
  async get(key) {
    const s = store();
    const hit = s.entries.get(key);
    if (!hit) {
      // A miss starts a render; remember when, for set() (the earliest one still running).
      if (!s.missedAt.has(key)) s.missedAt.set(key, Date.now());
      return null;
    }
    // Least recently used goes first when the store is full: re-insert on read.
    s.entries.delete(key);
    s.entries.set(key, hit);
    return { value: hit.value, lastModified: hit.lastModified };
  }

  /**
   * @param {string} key
   * @param {unknown} value
   * @param {{ tags?: string[] } | undefined} ctx
   */
  async set(key, value, ctx) {
    const s = store();
    const startedAt = s.missedAt.get(key);
    s.missedAt.delete(key);
    drop((k) => k === key);
    if (value == null) return;
    // Rendered from data an eviction has since declared stale: the next request renders again.
    if (startedAt !== undefined && startedAt <= s.evictedAt) return;
    const bytes = sizeOf(value);
    s.entries.set(key, { value, lastModified: Date.now(), tags: ctx?.tags ?? [], bytes });
    s.bytes += bytes;
    for (const [k, e] of s.entries) {
      if (s.bytes <= MAX_BYTES) break;
      s.entries.delete(k);
      s.bytes -= e.bytes;
    }
  }

  /** @param {string | string[]} tags */
  async revalidateTag(tags) {
    const wanted = new Set(Array.isArray(tags) ? tags : [tags]);
    evictEntries((_key, entryTags) => entryTags.some((t) => wanted.has(t)));
  }

  resetRequestCache() {}
}
