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
 * Points to spend in Postgres from inside another statement (the deal's draw, a corpus
 * vote), saving the request a round trip and a commit: the keys in order, so two requests
 * sharing keys cannot deadlock, with each row's expiry and allowance.
 */
export interface LimitSpend {
  name: LimitName;
  keys: string[];
  expires: number[];
  points: number[];
  now: number;
}

/** What SPEND_LIMITS_SQL returns: each spent row as it now stands. */
export interface SpentRow {
  key: string;
  points: number;
  expire: string | number | null;
}

/**
 * Spends one point per key, as a statement or a CTE: parameters $N (keys text[]), $N+1
 * (expires bigint[]) and $N+2 (now, ms). rate-limiter-flexible's RateLimiterPostgres row
 * format and arithmetic, so its reads (assertWithinLimit) and any instance still running
 * it agree. Empty arrays spend nothing.
 */
export function spendLimitsSql(n: number): string {
  return `INSERT INTO rate_limits AS r (key, points, expire)
          SELECT u.key, 1, u.expire FROM unnest($${n}::text[], $${n + 1}::bigint[]) WITH ORDINALITY AS u(key, expire, i)
          ORDER BY u.i
          ON CONFLICT (key) DO UPDATE SET
            points = CASE WHEN r.expire <= $${n + 2} THEN 1 ELSE r.points + 1 END,
            expire = CASE WHEN r.expire <= $${n + 2} THEN EXCLUDED.expire ELSE r.expire END
          RETURNING r.key, r.points, r.expire`;
}

/** The three parameters of spendLimitsSql for `spend` (nothing to spend: empty arrays). */
export const spendParams = (spend: LimitSpend | null) =>
  spend ? [spend.keys, spend.expires, spend.now] : [[], [], Date.now()];

function spendFor(name: LimitName, checks: [RateLimiterAbstract, string][]): LimitSpend {
  const now = Date.now();
  const rows = checks
    .map(([l, key]) => ({ key: l.getKey(key), expire: now + l.duration * 1000, points: l.points }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return {
    name,
    keys: rows.map((r) => r.key),
    expires: rows.map((r) => r.expire),
    points: rows.map((r) => r.points),
    now,
  };
}

/** Throws RateLimitedError (429, Retry-After) when a spent row went over its allowance. */
export function throwIfOverLimit(spend: LimitSpend | null, spent: SpentRow[]): void {
  if (!spend) return;
  for (const row of spent) {
    const i = spend.keys.indexOf(row.key);
    if (i >= 0 && row.points > spend.points[i])
      throw RateLimitedError.forLimit(spend.name, Math.max(0, Number(row.expire ?? spend.now) - spend.now));
  }
}

/**
 * For a statement that spends `name` itself (spendLimitsSql): the spend, when the limits
 * live in Postgres; with Redis they are spent here first, as consumeLimit does, and null
 * is returned; null too when limits are off. The caller must pass what the statement
 * returns to throwIfOverLimit before acting on the rest of it.
 */
export async function limitSpendFor(
  name: LimitName,
  subject: LimitSubject,
  opts: LimitOpts = {},
): Promise<LimitSpend | null> {
  const found = checksFor(name, subject, opts);
  if (!found) return null;
  if (found.store.kind === "postgres") return spendFor(name, found.checks);
  await consumeLimit(name, subject, opts);
  return null;
}

/** Every check's point in one statement of its own (the hot paths spend inside theirs: limitSpendFor). */
async function consumeInPostgres(name: LimitName, checks: [RateLimiterAbstract, string][]): Promise<void> {
  const spend = spendFor(name, checks);
  let spent: SpentRow[];
  try {
    ({ rows: spent } = await sidePool("limits").query({
      name: "consume_rate_limits",
      text: spendLimitsSql(1),
      values: spendParams(spend),
    }));
  } catch (error) {
    console.error("rate limit store (postgres) failed; letting the request through:", error);
    return;
  }
  throwIfOverLimit(spend, spent);
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
