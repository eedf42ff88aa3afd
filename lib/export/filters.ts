import { z } from "zod";
import { AppError, describeZodError } from "@/lib/errors";
import { DEFAULT_FILTERS, EXPORT_FORMATS, type ExportFilters, type ExportFormatId } from "./types";

// Query parameters of /api/export/votes and /api/export/votes/card. Unknown
// parameters are refused: a misspelt `include_excluded` silently ignored would hand
// out a dump that is not the one asked for.

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;
const DAY_MS = 86_400_000;

/** A date (UTC day) or an ISO date-time (UTC unless it carries an offset). */
function instant(bound: "from" | "to") {
  return z.string().transform((s, ctx) => {
    let ms = Number.NaN;
    if (DATE_ONLY.test(s)) {
      ms = Date.parse(`${s}T00:00:00Z`);
      // A bare end date includes that whole day.
      if (bound === "to" && !Number.isNaN(ms)) ms += DAY_MS;
      if (!Number.isNaN(ms) && new Date(Date.parse(`${s}T00:00:00Z`)).toISOString().slice(0, 10) !== s)
        ms = Number.NaN;
    } else if (DATE_TIME.test(s)) {
      ms = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}Z`);
    }
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: "custom", message: `expected YYYY-MM-DD or an ISO 8601 date-time, got "${s}"` });
      return z.NEVER;
    }
    return new Date(ms);
  });
}

const flag = z
  .enum(["true", "false", "1", "0", "on", "off", "yes", "no", ""], {
    message: "expected true or false",
  })
  .transform((s) => ["true", "1", "on", "yes"].includes(s));

const Slug = z.string().regex(/^[A-Za-z0-9._:/@+-]{1,100}$/, "not a model slug");

export const ExportQuery = z
  .strictObject({
    format: z.enum(EXPORT_FORMATS, { message: `expected one of ${EXPORT_FORMATS.join(", ")}` }).optional(),
    from: instant("from").optional(),
    to: instant("to").optional(),
    category: z.string().max(100, "too long").optional(),
    models: z.array(Slug).max(200, "at most 200 models").optional(),
    models_match: z.enum(["both", "either"], { message: "expected both or either" }).optional(),
    anonymous_only: flag.optional(),
    include_excluded: flag.optional(),
    trl_format: z
      .enum(["conversational", "standard"], { message: "expected conversational or standard" })
      .optional(),
    explanations: flag.optional(),
  })
  .refine((q) => q.trl_format === undefined || q.format === "dpo" || q.format === "kto", {
    message: "only the dpo and kto formats take it",
    path: ["trl_format"],
  })
  .refine((q) => q.explanations === undefined || ["kaggle55k", "dpo", "kto"].includes(q.format ?? ""), {
    message:
      "only the kaggle55k, dpo and kto formats take it (fastchat and arena140k always carry explanations)",
    path: ["explanations"],
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, {
    message: "`from` must be before `to`",
    path: ["from"],
  });
export type ExportQuery = z.infer<typeof ExportQuery>;

export interface ParsedExportQuery {
  format: ExportFormatId;
  filters: ExportFilters;
  /** DPO/KTO in TRL's "standard" layout (plain strings) rather than conversational. */
  plainStrings: boolean;
  /** kaggle55k, DPO, KTO: add the voter's reasons, why and per-criterion answers as extra columns/keys. */
  explanations: boolean;
}

function toObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    if (key === "models") {
      const models = params
        .getAll(key)
        .flatMap((m) => m.split(","))
        .map((m) => m.trim())
        .filter(Boolean);
      if (models.length > 0) out.models = models;
      continue;
    }
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/** Parses the export query; throws AppError("bad_request") naming the parameter at fault. */
export function parseExportQuery(params: URLSearchParams): ParsedExportQuery {
  const parsed = ExportQuery.safeParse(toObject(params));
  if (!parsed.success)
    throw new AppError("bad_request", `Invalid export query: ${describeZodError(parsed.error)}`);
  const q = parsed.data;
  const category = q.category?.trim();
  return {
    format: q.format ?? "fastchat",
    plainStrings: q.trl_format === "standard",
    explanations: q.explanations ?? false,
    filters: {
      ...DEFAULT_FILTERS,
      from: q.from ?? null,
      to: q.to ?? null,
      category: category && category !== "overall" ? category : null,
      models: q.models && q.models.length > 0 ? [...new Set(q.models)].sort() : null,
      modelsMatch: q.models_match ?? "both",
      anonymousOnly: q.anonymous_only ?? false,
      includeExcluded: q.include_excluded ?? false,
    },
  };
}

/** The filters in words, for the dataset card and the /data page. */
export function describeFilters(f: ExportFilters): string[] {
  return [
    `votes cast: ${f.from ? `from ${f.from.toISOString()}` : "from the start"} ${f.to ? `until (excluding) ${f.to.toISOString()}` : "until the export ran"}`,
    `category: ${f.category ?? "overall (every battle)"}`,
    f.models
      ? `models: ${f.models.join(", ")} (${f.modelsMatch === "both" ? "both models of a battle in the list" : "at least one model of a battle in the list"})`
      : "models: all",
    `battle modes: ${f.anonymousOnly ? "anonymous and corpus only (named battles left out)" : "all (anonymous, corpus, named)"}`,
    `votes: ${f.includeExcluded ? "counted and excluded (each row carries exclusion_reason)" : "only votes that count for the public leaderboard"}`,
  ];
}
