import type { ExportFormatId, ExportVote, FormatOptions } from "../types";

export interface FieldDoc {
  field: string;
  description: string;
}

export interface ExportFormat {
  id: ExportFormatId;
  label: string;
  /** One line for the /data page and the dataset card. */
  summary: string;
  contentType: string;
  extension: "jsonl" | "csv";
  eol: string;
  /** The first line of the file (CSV header), if any. */
  header(opts: FormatOptions): string | null;
  /** Zero or more rows for one vote, without line endings. */
  rows(vote: ExportVote, opts: FormatOptions): string[];
  schema: FieldDoc[];
  /** Format-specific rules stated in the dataset card. */
  notes: string[];
}

export const EXCLUSION_DOC: FieldDoc = {
  field: "exclusion_reason",
  description:
    "only with include_excluded=true: why the vote does not count for the public leaderboard (null when it counts)",
};

/** JSON.stringify of an object, plus `exclusion_reason` last when asked for. */
export function jsonLine(obj: Record<string, unknown>, vote: ExportVote, opts: FormatOptions): string {
  if (opts.includeExcluded) obj.exclusion_reason = vote.exclusionReason;
  return JSON.stringify(obj);
}
