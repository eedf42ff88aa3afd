import { z } from "zod";

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ })),
  /**
   * A streaming replica (hot standby) of DATABASE_URL for the public reads that may lag a
   * few seconds: leaderboard, model pages, /data counts and dumps (lib/db/replica.ts).
   * Unset: everything reads the primary. Votes, deals and the console always do.
   */
  DATABASE_REPLICA_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /**
   * Connections each app instance's request pool (Prisma's) keeps to Postgres. Every vote
   * and deal statement is one round trip with no transaction held open, so a handful
   * serves hundreds of votes a second; the rate-limit and heavy-read pools (lib/db/pools.ts)
   * are apart. Mind Postgres's max_connections × instances.
   */
  ARENA_DB_POOL_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(500).default(10)),
  /** How long a request waits for a free connection before it is answered 503 (busy) instead of queueing on. */
  ARENA_DB_POOL_WAIT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(5000)),
  /** Signs the anonymous voter cookie. `npm run arena` generates one into .data/ when unset. */
  ARENA_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, "ARENA_SECRET must be at least 16 characters").optional(),
  ),
  /** Bearer token for automation (CLI/API): acts as a maintainer on /api/admin/*. Not used by the UI. */
  ARENA_ADMIN_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(8).optional()),
  /** The bootstrap admin (password sign-in); `npm run arena` generates one into .data/ when both are unset. */
  ARENA_ADMIN_EMAIL: z.preprocess(
    (v) => (typeof v === "string" && v !== "" ? v.toLowerCase() : undefined),
    z.email().optional(),
  ),
  ARENA_ADMIN_PASSWORD: z.preprocess(
    emptyAsUndefined,
    z.string().min(12, "ARENA_ADMIN_PASSWORD must be at least 12 characters").optional(),
  ),
  /** How long a sign-in lasts (seconds). */
  ARENA_SESSION_MAX_AGE_S: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(60)
      .default(60 * 60 * 24 * 7),
  ),
  /**
   * Milliseconds without a new vote before the leaderboard is recomputed, so a burst folds
   * into one run; capped by ARENA_RECOMPUTE_MAX_WAIT_MS (lib/leaderboard/schedule.ts).
   */
  ARENA_RECOMPUTE_DEBOUNCE_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(5000)),
  /** Longest the board may miss a vote, however steady the traffic (lib/leaderboard/schedule.ts). */
  ARENA_RECOMPUTE_MAX_WAIT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(30_000)),
  /** Shortest time between two background diagnostics computations of a category (lib/leaderboard/diagnostics-job.ts). */
  ARENA_DIAGNOSTICS_INTERVAL_MS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(0).default(300_000),
  ),
  /** How anonymous live battles draw their pair (lib/arena/samplers.ts). */
  ARENA_SAMPLER: z.preprocess(emptyAsUndefined, z.enum(["active", "weighted"]).default("active")),
  /** Shared state for rate limits in Redis instead of Postgres. */
  REDIS_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^rediss?$/ }).optional()),
  /** JSON merged over lib/abuse/limits.ts DEFAULT_LIMITS. */
  ARENA_RATE_LIMITS: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** JSON merged over lib/abuse/policy.ts DEFAULT_POLICY. */
  ARENA_ABUSE_POLICY: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** `off` disables rate limits, stream caps, budgets, challenges and automatic quarantine (benchmarks only). */
  ARENA_ABUSE_DEFENCES: z.preprocess(emptyAsUndefined, z.enum(["on", "off"]).default("on")),
  /**
   * Proxies in front of the app that append to X-Forwarded-For (the client address is that
   * many from the right). 0, the default: X-Forwarded-For is ignored and the address is the
   * TCP peer (scripts/server-preload.cjs).
   */
  ARENA_TRUST_PROXY_HOPS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10).default(0)),
  /** Stream requests in flight per voter and across all instances. */
  ARENA_MAX_STREAMS_PER_VOTER: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(2)),
  ARENA_MAX_STREAMS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(64)),
  /** Tokens a live model may produce per UTC day unless its models.json entry sets dailyTokenBudget. */
  ARENA_MODEL_DAILY_TOKENS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(2_000_000)),
  /** Cloudflare Turnstile keys; without them the challenge is a proof of work. */
  TURNSTILE_SITE_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  TURNSTILE_SECRET_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Votes before a voter is first challenged (flagged voters are challenged at once); 0 disables. */
  ARENA_CHALLENGE_AFTER_VOTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(50)),
  /** `off`: never challenge (flagged voters, after N votes, new cookies at a churning address). */
  ARENA_CHALLENGES: z.preprocess(emptyAsUndefined, z.enum(["on", "off"]).default("on")),
  /** Turnstile's siteverify endpoint (tests point it at a local fake). */
  ARENA_TURNSTILE_VERIFY_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Validated server environment; throws one readable error listing every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** The cookie-signing secret; only the web app needs it, so scripts run without one. */
export function arenaSecret(): string {
  const secret = env().ARENA_SECRET;
  if (!secret) throw new Error("ARENA_SECRET is not set (npm run arena generates one into .data/secret).");
  return secret;
}
