import { z } from "zod";

const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const optionalText = z.preprocess(emptyToUndefined, z.string().trim().min(1).max(200).optional());
const optionalDate = z.preprocess(
  emptyToUndefined,
  z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional(),
);
const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess(emptyToUndefined, z.coerce.number().pipe(schema).optional());

/** Which human-voted battles a run judges. */
export const JudgeRunSample = z.object({
  category: optionalText,
  /** Battles where at least one of these models took part. */
  models: z.preprocess((v) => {
    // A form's empty field means every model.
    const list = typeof v === "string" ? v.split(",").map((s) => s.trim()) : v;
    const kept = Array.isArray(list) ? list.filter(Boolean) : list;
    return Array.isArray(kept) && kept.length === 0 ? undefined : kept;
  }, z.array(z.string().min(1).max(80)).min(1).max(100).optional()),
  /** Votes cast in [from, to). */
  from: optionalDate,
  to: optionalDate,
  size: z.coerce.number().int().min(1).max(20_000),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
});
export type JudgeRunSample = z.infer<typeof JudgeRunSample>;

/** What a run may spend: its own pace and token budget (the judge model's daily budget applies too). */
export const JudgeRunLimits = z.object({
  requestsPerMinute: optionalNumber(z.number().int().min(1).max(6000)),
  /** Judge calls in flight at once (default 4). */
  concurrency: optionalNumber(z.number().int().min(1).max(32)),
  /** Input + output tokens the whole run may use; then it pauses. */
  maxTokens: optionalNumber(z.number().int().min(1)),
  /** Longest judge answer, in tokens (default 1024). */
  maxOutputTokens: optionalNumber(z.number().int().min(1).max(32_000)),
  /** US dollars per million tokens, to price each verdict (none: cost not recorded). */
  priceInPerMTok: optionalNumber(z.number().min(0)),
  priceOutPerMTok: optionalNumber(z.number().min(0)),
});
export type JudgeRunLimits = z.infer<typeof JudgeRunLimits>;

export const CreateJudgeRunInput = z.object({
  judge: z.string().trim().min(1).max(80),
  templateId: z.uuid(),
  ...JudgeRunSample.shape,
  ...JudgeRunLimits.shape,
});
export type CreateJudgeRunInput = z.infer<typeof CreateJudgeRunInput>;

export const SaveJudgeTemplateInput = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{0,59}$/, "lowercase letters, digits, '.', '_' or '-'"),
  systemPrompt: z.string().max(20_000),
  userTemplate: z.string().min(1).max(20_000),
});
export type SaveJudgeTemplateInput = z.infer<typeof SaveJudgeTemplateInput>;

/** Splits a create input into the run's sample and limits. */
export function splitRunInput(input: CreateJudgeRunInput): {
  sample: JudgeRunSample;
  limits: JudgeRunLimits;
} {
  const { category, models, from, to, size, seed } = input;
  const { requestsPerMinute, concurrency, maxTokens, maxOutputTokens, priceInPerMTok, priceOutPerMTok } =
    input;
  const drop = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    sample: drop({ category, models, from, to, size, seed }),
    limits: drop({
      requestsPerMinute,
      concurrency,
      maxTokens,
      maxOutputTokens,
      priceInPerMTok,
      priceOutPerMTok,
    }),
  };
}
