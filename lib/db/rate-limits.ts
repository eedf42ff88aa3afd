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
