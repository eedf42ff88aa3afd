import { z } from "zod";

const nonBlank = z.string().regex(/\S/, { error: "must not be empty" });

/** A model slug as it appears in corpus files; it becomes `models.slug` as-is. */
export const ModelSlug = nonBlank
  .max(100)
  .regex(/^[^\s\p{Cc}]+$/u, { error: "must not contain spaces or control characters" });

export const LanguageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language tag such as "en" or "pt-BR"' });

const Category = nonBlank.max(100);
const PromptId = z.union([nonBlank.max(200), z.int().transform(String)], {
  error: "must be a string or an integer",
});

/** One element of AlpacaEval's `model_outputs.json`; other keys (price, time…) are ignored. */
export const AlpacaEvalItem = z.object({
  instruction: nonBlank,
  output: nonBlank,
  generator: ModelSlug,
  dataset: Category.nullish(),
});
export type AlpacaEvalItem = z.infer<typeof AlpacaEvalItem>;

/** One line of our own JSONL format (documented in lib/corpus/README.md); unknown keys are errors, so typos surface. */
export const CorpusJsonlLine = z.strictObject({
  prompt_id: PromptId.optional(),
  prompt: nonBlank,
  model: ModelSlug,
  response: nonBlank,
  category: Category.nullish(),
  language: LanguageTag.nullish(),
});
export type CorpusJsonlLine = z.infer<typeof CorpusJsonlLine>;

export const CorpusName = nonBlank.max(100);

/** prisma/demo/corpus.json */
export const DemoCorpus = z
  .object({
    name: CorpusName,
    description: z.string().nullish(),
    license: z.string().nullish(),
    models: z
      .array(
        z.object({
          slug: ModelSlug,
          displayName: nonBlank.max(100),
          organization: z.string().nullish(),
          license: z.string().nullish(),
          style: z.string().nullish(),
        }),
      )
      .min(2),
    prompts: z
      .array(
        z.object({
          id: PromptId,
          category: Category.nullish(),
          language: LanguageTag.nullish(),
          prompt: nonBlank,
          responses: z.record(z.string(), nonBlank),
        }),
      )
      .min(1),
  })
  .superRefine((demo, ctx) => {
    const slugs = new Set<string>();
    demo.models.forEach((m, i) => {
      if (slugs.has(m.slug))
        ctx.addIssue({ code: "custom", path: ["models", i, "slug"], message: "is a duplicate" });
      slugs.add(m.slug);
    });
    const ids = new Set<string>();
    demo.prompts.forEach((p, i) => {
      if (ids.has(p.id))
        ctx.addIssue({ code: "custom", path: ["prompts", i, "id"], message: "is a duplicate" });
      ids.add(p.id);
      for (const slug of Object.keys(p.responses)) {
        if (!slugs.has(slug)) {
          ctx.addIssue({
            code: "custom",
            path: ["prompts", i, "responses", slug],
            message: "is not a listed model",
          });
        }
      }
    });
  });
export type DemoCorpus = z.infer<typeof DemoCorpus>;

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const t = typeof value;
  return t === "object" || t === "undefined" ? `an ${t}` : `a ${t}`;
}

const EXPECTED: Record<string, string> = {
  int: "an integer",
  record: "an object",
  object: "an object",
  array: "an array",
};

function fieldName(path: PropertyKey[]): string {
  const name = path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`))
    .join("");
  return `"${name}"`;
}

/** One readable sentence per issue: `"output" must be a string (got a number)`. */
export function formatIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? fieldName(issue.path) : "the record";
  switch (issue.code) {
    case "invalid_type": {
      const expected = EXPECTED[issue.expected] ?? `a ${issue.expected}`;
      if (issue.path.length > 0 && issue.input === undefined) return `${field} is required`;
      return `${field} must be ${expected} (got ${describeValue(issue.input)})`;
    }
    case "unrecognized_keys": {
      const keys = issue.keys.map((k) => `"${k}"`).join(", ");
      return `${issue.path.length > 0 ? `${field} has ` : ""}unknown field${issue.keys.length > 1 ? "s" : ""} ${keys}`;
    }
    case "too_big":
      return `${field} must be at most ${issue.maximum} ${issue.origin === "string" ? "characters" : "items"}`;
    case "too_small":
      return issue.origin === "string"
        ? `${field} must not be empty`
        : `${field} must have at least ${issue.minimum} items`;
    default:
      return `${field} ${issue.message}`;
  }
}

/** Parses `value` with `schema`; on failure returns every issue as a sentence. */
export function parseWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
): { ok: true; data: T } | { ok: false; reasons: string[] } {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, reasons: parsed.error.issues.map(formatIssue) };
}
