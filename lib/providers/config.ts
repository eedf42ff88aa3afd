import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

// Provider configs are stored in the database (Model.providerConfig) and in models.json,
// both of which get copied around and committed; keys must stay in the environment.

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEY_LIKE =
  /^(sk-|sk_|sk-ant-|sk-proj-|AIza|xai-|gsk_|hf_|r8_|pplx-|ghp_|github_pat_)[A-Za-z0-9_-]{12,}/;
const SECRET_FIELD =
  /^(api[-_]?key|key|secret|token|auth[-_]?token|access[-_]?token|password|authorization|bearer)$/i;
const SECRET_QUERY = /key|token|secret|sig|password/i;

const Millis = z.number().int().positive().max(3_600_000);

const BaseURL = z
  .url({
    protocol: /^https?$/,
    error: (i) =>
      i.input === undefined ? "required (e.g. http://127.0.0.1:11434/v1)" : "must be an http(s) URL",
  })
  .refine((u) => {
    const url = new URL(u);
    return !url.username && !url.password && ![...url.searchParams.keys()].some((k) => SECRET_QUERY.test(k));
  }, "must not carry credentials (user:password@ or ?key=); put the key in an env var named by apiKeyEnv");

const ApiKeyEnv = z
  .string()
  .refine(
    (v) => !KEY_LIKE.test(v),
    "looks like an API key: apiKeyEnv must be the NAME of an env var, e.g. OPENAI_API_KEY",
  )
  .refine((v) => ENV_NAME.test(v), "must be an environment variable name such as OPENAI_API_KEY");

const common = {
  /** Upstream model name, as the provider's API expects it. */
  model: z.string().min(1).max(200),
  apiKeyEnv: ApiKeyEnv.optional(),
  systemPrompt: z.string().max(20_000).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().max(1_000_000).optional(),
  /** Tokens this model may produce per UTC day (default ARENA_MODEL_DAILY_TOKENS); then it is not dealt. */
  dailyTokenBudget: z.number().int().positive().optional(),
  timeoutMs: Millis.optional(),
  firstTokenTimeoutMs: Millis.optional(),
  stallTimeoutMs: Millis.optional(),
};

export const OpenAiCompatibleConfig = z.strictObject({
  kind: z.literal("openai_compatible"),
  baseURL: BaseURL,
  /** Send stream_options.include_usage; turn off for servers that reject unknown fields. */
  streamUsage: z.boolean().optional(),
  ...common,
});

export const AnthropicConfig = z.strictObject({
  kind: z.literal("anthropic"),
  baseURL: BaseURL.optional(),
  ...common,
});
export const GoogleConfig = z.strictObject({
  kind: z.literal("google"),
  baseURL: BaseURL.optional(),
  ...common,
});
export type OpenAiCompatibleConfig = z.infer<typeof OpenAiCompatibleConfig>;
export type AnthropicConfig = z.infer<typeof AnthropicConfig>;
export type GoogleConfig = z.infer<typeof GoogleConfig>;
/** Pre-generated responses: nothing to call, so nothing to configure. */
export const CorpusConfig = z.strictObject({ kind: z.literal("corpus") });

export const ProviderModelConfig = z.discriminatedUnion(
  "kind",
  [OpenAiCompatibleConfig, AnthropicConfig, GoogleConfig, CorpusConfig],
  { error: "kind must be one of openai_compatible, anthropic, google, corpus" },
);
export type ProviderModelConfig = z.infer<typeof ProviderModelConfig>;
export type LiveProviderConfig = Exclude<ProviderModelConfig, { kind: "corpus" }>;

export const ModelEntry = z.strictObject({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, "must be lowercase letters, digits, '.', '_' or '-' (max 80)"),
  displayName: z.string().trim().min(1).max(100),
  organization: z.string().trim().min(1).max(100).optional(),
  license: z.string().trim().min(1).max(100).optional(),
  openWeights: z.boolean().default(false),
  /** Relative sampling weight; 0 keeps the model registered but never drawn. */
  weight: z.number().min(0).max(1000).default(1),
  provider: ProviderModelConfig,
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const ModelsConfig = z.strictObject({
  $schema: z.string().optional(),
  models: z.array(ModelEntry),
});
export type ModelsConfig = z.infer<typeof ModelsConfig>;

export class ModelsConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`Invalid models config ${file}:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "ModelsConfigError";
  }
}

type Issue = { path: PropertyKey[]; message: string };

function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>(
    (acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    "",
  );
}

/** Finds inline secrets before schema validation, so the message says what to do instead of "unrecognized key". */
function findInlineSecrets(value: unknown, at: PropertyKey[] = []): Issue[] {
  if (typeof value === "string") {
    const message =
      'looks like an API key; keys never go in config — set "apiKeyEnv" to the name of an env var';
    return KEY_LIKE.test(value) && at.at(-1) !== "apiKeyEnv" ? [{ path: at, message }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findInlineSecrets(v, [...at, i]));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    SECRET_FIELD.test(k) ? [{ path: [...at, k], message: INLINE_KEY }] : findInlineSecrets(v, [...at, k]),
  );
}

const INLINE_KEY =
  'inline API keys are not allowed; put the key in an environment variable and set "apiKeyEnv" to its name';

function validate<T>(schema: z.ZodType<T>, input: unknown): { data?: T; issues: Issue[] } {
  const issues = findInlineSecrets(input);
  const parsed = schema.safeParse(input);
  if (parsed.success) return { data: parsed.data, issues };
  // Secret fields were already reported with a better message than "unrecognized key".
  for (const i of parsed.error.issues) {
    if (SECRET_FIELD.test(String(i.path.at(-1) ?? ""))) continue;
    if (i.code === "unrecognized_keys" && i.keys.every((k) => SECRET_FIELD.test(k))) continue;
    issues.push({ path: i.path, message: i.message });
  }
  return { issues };
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** Validates one provider config, e.g. a Model row's providerKind merged into its providerConfig JSON. */
export function parseProviderConfig(input: unknown): ParseResult<ProviderModelConfig> {
  const { data, issues } = validate(ProviderModelConfig, input);
  if (data && !issues.length) return { ok: true, value: data };
  return { ok: false, issues: issues.map((i) => `${formatPath(i.path) || "(root)"}: ${i.message}`) };
}

/** Validates a models file's parsed JSON; throws ModelsConfigError listing every problem. */
export function parseModelsConfig(input: unknown, file = "models.json"): ModelsConfig {
  const { data, issues } = validate(ModelsConfig, input);
  const seen = new Set<string>();
  data?.models.forEach((m, i) => {
    if (seen.has(m.slug)) issues.push({ path: ["models", i, "slug"], message: `duplicate slug "${m.slug}"` });
    seen.add(m.slug);
  });
  if (data && !issues.length) return data;
  // The slug makes "models[7]" findable in a long file.
  const models = (input as { models?: unknown } | null)?.models;
  const label = (i: Issue) => {
    const slug =
      i.path[0] === "models" && Array.isArray(models) ? models[i.path[1] as number]?.slug : undefined;
    const where = formatPath(i.path) || "(root)";
    return typeof slug === "string" ? where.replace(/^models\[\d+\]/, (m) => `${m} (${slug})`) : where;
  };
  throw new ModelsConfigError(file, [...new Set(issues.map((i) => `${label(i)}: ${i.message}`))]);
}

/** `ARENA_MODELS_FILE` (relative to cwd) or `./models.json`. */
export function resolveModelsFile(
  cwd = process.cwd(),
  env: Record<string, string | undefined> = process.env,
): string {
  return path.resolve(cwd, env.ARENA_MODELS_FILE || "models.json");
}

export async function loadModelsConfig(file = resolveModelsFile()): Promise<ModelsConfig> {
  let text: string;
  try {
    // Start scripts read the file; the app bundle only carries this code, so tracing is skipped.
    text = await readFile(/* turbopackIgnore: true */ file, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new ModelsConfigError(file, [
      missing
        ? "file not found: copy lib/providers/models.example.json to models.json or set ARENA_MODELS_FILE"
        : `cannot read file: ${(error as Error).message}`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelsConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseModelsConfig(json, file);
}

/**
 * The configured models file: `ARENA_MODELS_FILE` or `./models.json`. Null when neither is
 * configured (no file, no variable); an invalid file throws a ModelsConfigError that lists
 * every problem, so a start script fails loudly instead of serving stale models.
 */
export async function loadConfiguredModels(
  file = resolveModelsFile(),
  env: Record<string, string | undefined> = process.env,
): Promise<{ file: string; config: ModelsConfig } | null> {
  if (!env.ARENA_MODELS_FILE && !existsSync(/* turbopackIgnore: true */ file)) return null;
  return { file, config: await loadModelsConfig(file) };
}
