import { z } from "zod";

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ })),
  /** Signs the anonymous voter cookie. `npm run arena` generates one into .data/ when unset. */
  ARENA_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, "ARENA_SECRET must be at least 16 characters").optional(),
  ),
  /** Maintainers' token for admin actions until accounts land. */
  ARENA_ADMIN_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(8).optional()),
  /** Seconds to wait after a vote before recomputing the leaderboard. */
  ARENA_RECOMPUTE_DEBOUNCE_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(5000)),
  /** How anonymous live battles draw their pair (lib/arena/samplers.ts). */
  ARENA_SAMPLER: z.preprocess(emptyAsUndefined, z.enum(["active", "weighted"]).default("active")),
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
