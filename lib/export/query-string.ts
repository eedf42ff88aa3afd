import type { ExportFormatId } from "./types";

// The export URL as the /data form builds it. Pure and dependency-free so the
// client form and the server page build identical links; parsing and validation
// live in filters.ts (server side).

export interface ExportFormValues {
  from: string;
  to: string;
  category: string;
  models: string[];
  modelsMatch: "both" | "either";
  anonymousOnly: boolean;
  includeExcluded: boolean;
}

export const EMPTY_FORM: ExportFormValues = {
  from: "",
  to: "",
  category: "",
  models: [],
  modelsMatch: "both",
  anonymousOnly: false,
  includeExcluded: false,
};

/** Query string (without "?") holding only the non-default filters, plus the format first. */
export function exportQuery(values: ExportFormValues, format?: ExportFormatId): string {
  const q = new URLSearchParams();
  if (format) q.set("format", format);
  if (values.from) q.set("from", values.from);
  if (values.to) q.set("to", values.to);
  if (values.category && values.category !== "overall") q.set("category", values.category);
  if (values.models.length > 0) {
    q.set("models", values.models.join(","));
    if (values.modelsMatch !== "both") q.set("models_match", values.modelsMatch);
  }
  if (values.anonymousOnly) q.set("anonymous_only", "true");
  if (values.includeExcluded) q.set("include_excluded", "true");
  return q.toString();
}

const TRUE = new Set(["true", "1", "on", "yes"]);

/** Form values from a query (unvalidated: the page shows parse errors separately). */
export function formValuesFrom(params: URLSearchParams): ExportFormValues {
  const models = params
    .getAll("models")
    .flatMap((m) => m.split(","))
    .map((m) => m.trim())
    .filter(Boolean);
  return {
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    category: params.get("category") ?? "",
    models,
    modelsMatch: params.get("models_match") === "either" ? "either" : "both",
    anonymousOnly: TRUE.has(params.get("anonymous_only") ?? ""),
    includeExcluded: TRUE.has(params.get("include_excluded") ?? ""),
  };
}
