import "server-only";
import { Redis } from "ioredis";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimiterPostgres, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { type LimitConfig, type LimitName, parseLimits, RateLimitedError } from "@/lib/abuse/limits";
import { env } from "@/lib/env";
import { sidePool } from "./pools";

// Counters shared by every app instance: in Postgres (table rate_limits, created by a
// migration) by default, in Redis when REDIS_URL is set.

export type LimiterStore = { kind: "postgres" } | { kind: "redis"; client: Redis };

const globalLimits = globalThis as unknown as { arenaLimiters?: Map<string, RateLimiterAbstract> };
globalLimits.arenaLimiters ??= new Map<string, RateLimiterAbstract>();
const limiters = globalLimits.arenaLimiters;
let defaultStore: LimiterStore | undefined;
let config: LimitConfig | undefined;

function storeFromEnv(): LimiterStore {
  if (defaultStore) return defaultStore;
  const url = env().REDIS_URL;
  defaultStore = url
    ? { kind: "redis", client: new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) }
    : { kind: "postgres" };
  return defaultStore;
}

function limiter(
  store: LimiterStore,
  keyPrefix: string,
  points: number,
  durationS: number,
): RateLimiterAbstract {
  const id = `${store.kind}:${keyPrefix}:${points}:${durationS}`;
  let l = limiters.get(id);
  if (!l) {
    l =
      store.kind === "redis"
        ? new RateLimiterRedis({ storeClient: store.client, keyPrefix, points, duration: durationS })
        : new RateLimiterPostgres({
            storeClient: sidePool("limits"),
            storeType: "pool",
            tableName: "rate_limits",
            tableCreated: true,
            keyPrefix,
            points,
            duration: durationS,
          });
    limiters.set(id, l);
  }
  return l;
}

export interface LimitSubject {
  voterId?: string | null;
  ipHash?: string | null;
}

type LimitOpts = { store?: LimiterStore; limits?: LimitConfig; prefix?: string };

/** The limiters of `name` that apply to `subject` (per voter, per address), each with its key. */
function checksFor(
  name: LimitName,
  subject: LimitSubject,
  opts: LimitOpts,
): { store: LimiterStore; checks: [RateLimiterAbstract, string][] } | null {
  if (env().ARENA_ABUSE_DEFENCES === "off" && !opts.limits) return null;
  config ??= parseLimits(env().ARENA_RATE_LIMITS);
  const limits = opts.limits ?? config;
  const store = opts.store ?? storeFromEnv();
  const spec = limits[name];
  const checks: [RateLimiterAbstract, string][] = [];
  if (spec.voter && subject.voterId) {
    checks.push([
      limiter(store, `${opts.prefix ?? ""}${name}:v`, spec.voter.points, spec.voter.durationS),
      subject.voterId,
    ]);
  }
  if (spec.ip && subject.ipHash) {
    checks.push([
      limiter(store, `${opts.prefix ?? ""}${name}:ip`, spec.ip.points, spec.ip.durationS),
      subject.ipHash,
    ]);
  }
  return { store, checks };
}

/**
 * Spends one point of `name` for the voter and for the address; throws RateLimitedError
 * (429, Retry-After) when either is used up. Call it before writing anything. A broken
 * store lets the request through (logged): the arena stays usable when Redis is down.
 */
export async function consumeLimit(
  name: LimitName,
  subject: LimitSubject,
  opts: LimitOpts = {},
): Promise<void> {
  const found = checksFor(name, subject, opts);
  if (!found) return;
  if (found.store.kind === "postgres") return consumeInPostgres(name, found.checks);
  for (const [l, key] of found.checks) {
    try {
      await l.consume(key, 1);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw RateLimitedError.forLimit(name, error.msBeforeNext);
      console.error(`rate limit store (${found.store.kind}) failed; letting the request through:`, error);
    }
  }
}

/**
 * Every check's point in one statement (the hot path spends two per request: voter and
 * address), in rate-limiter-flexible's RateLimiterPostgres row format and arithmetic, so
 * its reads (assertWithinLimit) and any instance still running it agree. Rows are taken
 * in key order, so two requests sharing keys cannot deadlock.
 */
async function consumeInPostgres(name: LimitName, checks: [RateLimiterAbstract, string][]): Promise<void> {
  const now = Date.now();
  const rows = checks
    .map(([l, key]) => ({ key: l.getKey(key), expire: now + l.duration * 1000, points: l.points }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  let spent: { key: string; points: number; expire: string | null }[];
  try {
    ({ rows: spent } = await sidePool("limits").query({
      name: "consume_rate_limits",
      text: `INSERT INTO rate_limits AS r (key, points, expire)
             SELECT u.key, 1, u.expire FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS u(key, expire, i)
             ORDER BY u.i
             ON CONFLICT (key) DO UPDATE SET
               points = CASE WHEN r.expire <= $3 THEN 1 ELSE r.points + 1 END,
               expire = CASE WHEN r.expire <= $3 THEN EXCLUDED.expire ELSE r.expire END
             RETURNING r.key, r.points, r.expire`,
      values: [rows.map((r) => r.key), rows.map((r) => r.expire), now],
    }));
  } catch (error) {
    console.error("rate limit store (postgres) failed; letting the request through:", error);
    return;
  }
  for (const row of spent) {
    const limit = rows.find((r) => r.key === row.key);
    if (limit && row.points > limit.points)
      throw RateLimitedError.forLimit(name, Math.max(0, Number(row.expire ?? now) - now));
  }
}

/**
 * Throws RateLimitedError when `name` is already used up for the voter or the address,
 * spending nothing: for limits that count failures only (sign-in), checked before the
 * attempt, with consumeLimit after a failed one.
 */
export async function assertWithinLimit(
  name: LimitName,
  subject: LimitSubject,
  opts: LimitOpts = {},
): Promise<void> {
  const found = checksFor(name, subject, opts);
  if (!found) return;
  for (const [l, key] of found.checks) {
    let res: RateLimiterRes | null;
    try {
      res = await l.get(key);
    } catch (error) {
      console.error(`rate limit store (${found.store.kind}) failed; letting the request through:`, error);
      continue;
    }
    if (res && res.consumedPoints >= l.points) throw RateLimitedError.forLimit(name, res.msBeforeNext);
  }
}
