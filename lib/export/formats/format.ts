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
  extension: "json" | "jsonl" | "csv" | "parquet";
  eol: string;
  /**
   * A file that is one JSON array: `open` before the first row, `separator` between
   * rows, `close` after the last (JSON Lines and CSV have none).
   */
  framing?: { open: string; separator: string; close: string };
  /** The first line of the file (CSV header), if any. */
  header(opts: FormatOptions): string | null;
  /** Zero or more rows for one vote, without line endings. */
  rows(vote: ExportVote, opts: FormatOptions): string[];
  /** The same rows written piecewise into `out` (what the dump streams use); returns how many. */
  writeRows?(vote: ExportVote, opts: FormatOptions, out: RowSink): number;
  /** A binary file (Parquet): the dump streams this encoder's bytes instead of text rows. */
  binary?(opts: FormatOptions): BinaryEncoder;
  /** Prints votes' conv_metadata: the query reads the stored copy (ExportVote.convMetadata). */
  readsConvMetadata?: boolean;
  /** Prints FastChat's dedup_tag: the query first counts the dump's prompts (ExportVote.dedupTag). */
  readsDedup?: boolean;
  /** Prints voting sessions: the query splits each voter's votes into them. */
  readsSessions?: boolean;
  schema: FieldDoc[];
  /** Hugging Face card metadata (default: a human-preference classification set). */
  card?: { taskCategories: string[]; tags: string[] };
  /** Format-specific rules stated in the dataset card. */
  notes: string[];
}

/** Encodes batches of votes into a binary file, handing out the bytes as they are ready. */
export interface BinaryEncoder {
  /** Encodes (or buffers) a batch; returns the rows it makes. */
  add(votes: ExportVote[]): number;
  /** Encodes what is buffered and the end of the file. */
  end(): void;
  /** The bytes encoded since the last call, or null when there are none. */
  take(): Uint8Array | null;
}

/** Where `writeRows` puts a row: a piece of text as is, or a string value as JSON. */
export interface RowSink {
  text(text: string): void;
  /** Writes JSON.stringify(value). */
  json(value: string): void;
  /** Ends the row (writes the line ending). */
  endRow(): void;
}

/** `rows` for a format that has `writeRows`: the same text, as strings. */
export function rowsOf(
  writeRows: NonNullable<ExportFormat["writeRows"]>,
): (vote: ExportVote, opts: FormatOptions) => string[] {
  return (vote, opts) => {
    const rows: string[] = [];
    let row = "";
    writeRows(vote, opts, {
      text: (t) => {
        row += t;
      },
      json: (v) => {
        row += JSON.stringify(v);
      },
      endRow: () => {
        rows.push(row);
        row = "";
      },
    });
    return rows;
  };
}

/** `model_a` / `model_b`, the same in every format that names the models. */
export const MODEL_DOCS: FieldDoc[] = [
  { field: "model_a", description: "slug of the model shown on the LEFT" },
  { field: "model_b", description: "slug of the model shown on the right" },
];

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
