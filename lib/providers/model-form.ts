import { z } from "zod";
import { type ModelEntry, ModelsConfigError, parseModelsConfig } from "./config";

// The console's model form, turned into the same ModelEntry models.json holds and
// validated by the same code (parseModelsConfig): keys only by env-var name, inline
// keys refused wherever they appear (a field, the extra settings, the base URL).

export const ModelFormFields = z.object({
  slug: z.string().trim(),
  displayName: z.string().trim(),
  organization: z.string().trim().optional(),
  license: z.string().trim().optional(),
  openWeights: z.string().optional(),
  weight: z.string().trim().optional(),
  kind: z.string(),
  baseURL: z.string().trim().optional(),
  model: z.string().trim().optional(),
  apiKeyEnv: z.string().trim().optional(),
  /** Other provider settings as a JSON object: temperature, maxTokens, systemPrompt, timeouts. */
  extra: z.string().trim().max(50_000).optional(),
});
export type ModelFormFields = z.infer<typeof ModelFormFields>;

export type ModelFormResult = { ok: true; entry: ModelEntry } | { ok: false; issues: string[] };

const blankToUndefined = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);

export function parseModelForm(fields: ModelFormFields): ModelFormResult {
  let extra: Record<string, unknown> = {};
  if (fields.extra) {
    try {
      const parsed: unknown = JSON.parse(fields.extra);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        return { ok: false, issues: ['extra settings: must be a JSON object, e.g. {"temperature": 0.7}'] };
      }
      extra = parsed as Record<string, unknown>;
    } catch {
      return { ok: false, issues: ["extra settings: not valid JSON"] };
    }
  }
  const weightText = blankToUndefined(fields.weight);
  const weight = weightText === undefined ? undefined : Number(weightText);
  const provider =
    fields.kind === "corpus"
      ? { kind: "corpus", ...extra }
      : {
          ...extra,
          kind: fields.kind,
          baseURL: blankToUndefined(fields.baseURL),
          model: blankToUndefined(fields.model),
          apiKeyEnv: blankToUndefined(fields.apiKeyEnv),
        };
  const entry = {
    slug: fields.slug,
    displayName: fields.displayName,
    organization: blankToUndefined(fields.organization),
    license: blankToUndefined(fields.license),
    openWeights: fields.openWeights === "on" || fields.openWeights === "true",
    weight:
      weight === undefined || Number.isNaN(weight)
        ? weightText === undefined
          ? undefined
          : weightText
        : weight,
    provider: Object.fromEntries(Object.entries(provider).filter(([, v]) => v !== undefined)),
  };
  try {
    const config = parseModelsConfig({ models: [entry] }, "the form");
    return { ok: true, entry: config.models[0] };
  } catch (error) {
    if (error instanceof ModelsConfigError) {
      return { ok: false, issues: error.issues.map((i) => i.replace(/^models\[0\](?: \([^)]*\))?\.?/, "")) };
    }
    throw error;
  }
}
