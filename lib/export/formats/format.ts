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

/** JSON.stringify of an object, plus the explanation (when asked for) and `exclusion_reason` last (when asked for). */
export function jsonLine(obj: Record<string, unknown>, vote: ExportVote, opts: FormatOptions): string {
  if (opts.explanations) Object.assign(obj, explanationValues(vote));
  if (opts.includeExcluded) obj.exclusion_reason = vote.exclusionReason;
  return JSON.stringify(obj);
}

const CRITERION_WINNER = { left: "model_a", right: "model_b", tie: "tie", both_bad: "tie" } as const;

/**
 * The voter's explanation as extra keys after a JSON row's own (`,"vote_reasons":…`), or ""
 * when they gave none, so rows without one stay byte-for-byte what they were. Per-criterion
 * answers use the winner's spelling (model_a = the left model).
 */
export function explanationKeys(vote: ExportVote): string {
  const e = vote.explanation;
  if (!e) return "";
  let keys = `,"vote_reasons":${JSON.stringify(e.reasons)},"vote_rationale":${JSON.stringify(e.rationale)}`;
  if (e.criteria) {
    const parts = Object.entries(e.criteria).map(([c, v]) => `${JSON.stringify(c)}:"${CRITERION_WINNER[v]}"`);
    keys += `,"vote_criteria":{${parts.join(",")}}`;
  }
  return keys;
}

export const CRITERIA_DOC: FieldDoc = {
  field: "vote_criteria",
  description:
    'only when the voter also rated the arena\'s criteria after voting: `{"helpfulness" | "correctness" | "style": "model_a" | "model_b" | "tie"}`, the criteria they answered',
};

/** The opt-in explanation columns (kaggle55k, DPO, KTO), in this order. */
export const EXPLANATION_COLUMNS = ["vote_reasons", "vote_rationale", "vote_criteria"] as const;

/** The explanation as values (null where the voter gave none), for formats that opt in. */
export function explanationValues(vote: ExportVote): {
  vote_reasons: string[] | null;
  vote_rationale: string | null;
  vote_criteria: Record<string, string> | null;
} {
  const e = vote.explanation;
  const criteria = e?.criteria
    ? Object.fromEntries(Object.entries(e.criteria).map(([c, v]) => [c, CRITERION_WINNER[v]]))
    : null;
  return {
    vote_reasons: e ? e.reasons : null,
    vote_rationale: e?.rationale ?? null,
    vote_criteria: criteria,
  };
}

export const EXPLANATION_OPT_IN_DOCS: FieldDoc[] = [
  {
    field: "vote_reasons",
    description:
      "only with explanations=true (a column/key of every row, null where the voter gave none): the reason chips picked after voting",
  },
  {
    field: "vote_rationale",
    description: "only with explanations=true: the voter's one-line why (contact details masked), or null",
  },
  {
    field: "vote_criteria",
    description:
      'only with explanations=true: `{"helpfulness" | "correctness" | "style": "model_a" | "model_b" | "tie"}` (model_a = the left model), or null',
  },
];
