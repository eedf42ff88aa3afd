import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { JsonArrayStructureError, jsonErrorReason, readJsonArray } from "./json-array";
import { readLines } from "./lines";
import { AlpacaEvalItem, CorpusJsonlLine, parseWith } from "./schemas";
import { promptExternalId } from "./text";

export type CorpusFormat = "alpaca_eval" | "jsonl";

/** One prompt/response pair, normalised from either input format. */
export interface CorpusRecord {
  /** Position in the file: item index for JSON arrays, line number for JSONL. */
  ordinal: number;
  /** Human-readable position: `item 17 (line 86)` or `line 3`. */
  at: string;
  externalId: string;
  prompt: string;
  category: string | null;
  language: string | null;
  model: string;
  response: string;
}

export type RecordResult =
  | { ok: true; record: CorpusRecord }
  /** `fatal`: the rest of the file cannot be read (broken JSON outline, unreadable file). */
  | { ok: false; at: string | null; reason: string; fatal: boolean };

const CHUNK = 1 << 20;

/** `.json` is an AlpacaEval array, `.jsonl`/`.ndjson` our JSONL; otherwise the first non-space character decides. */
export async function detectFormat(file: string): Promise<CorpusFormat> {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") return "alpaca_eval";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  const handle = await open(file, "r").catch(() => null);
  if (!handle) return "jsonl"; // the reader reports why it cannot be read
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^[\s\uFEFF]+/, "");
    return head.startsWith("[") ? "alpaca_eval" : "jsonl";
  } finally {
    await handle.close();
  }
}

/** The corpus a file goes into when `--corpus` is not given. */
export function defaultCorpusName(file: string, format: CorpusFormat): string {
  return format === "alpaca_eval"
    ? "alpaca_eval"
    : path.basename(file).replace(/\.(jsonl|ndjson|json)$/i, "");
}

function fromAlpacaEval(item: AlpacaEvalItem, ordinal: number, at: string): CorpusRecord {
  return {
    ordinal,
    at,
    externalId: promptExternalId(item.instruction),
    prompt: item.instruction,
    category: item.dataset ?? null,
    language: null,
    model: item.generator,
    response: item.output,
  };
}

function fromJsonl(line: CorpusJsonlLine, ordinal: number, at: string): CorpusRecord {
  return {
    ordinal,
    at,
    externalId: line.prompt_id ?? promptExternalId(line.prompt),
    prompt: line.prompt,
    category: line.category ?? null,
    language: line.language ?? null,
    model: line.model,
    response: line.response,
  };
}

async function* readAlpacaEval(file: string): AsyncGenerator<RecordResult> {
  let count = 0;
  for await (const item of readJsonArray(
    createReadStream(file, { encoding: "utf8", highWaterMark: CHUNK }),
  )) {
    count++;
    const at = `item ${item.index} (line ${item.line})`;
    if ("error" in item) {
      yield { ok: false, at, reason: item.error, fatal: false };
      continue;
    }
    const parsed = parseWith(AlpacaEvalItem, item.value);
    if (parsed.ok) yield { ok: true, record: fromAlpacaEval(parsed.data, item.index, at) };
    else yield { ok: false, at, reason: parsed.reasons.join("; "), fatal: false };
  }
  if (count === 0) yield { ok: false, at: null, reason: "the array is empty", fatal: true };
}

async function* readJsonl(file: string): AsyncGenerator<RecordResult> {
  let n = 0;
  let count = 0;
  for await (const raw of readLines(file, CHUNK)) {
    n++;
    const text = n === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (text.trim() === "") continue;
    count++;
    const at = `line ${n}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { ok: false, at, reason: jsonErrorReason(error), fatal: false };
      continue;
    }
    const parsed = parseWith(CorpusJsonlLine, value);
    if (parsed.ok) yield { ok: true, record: fromJsonl(parsed.data, n, at) };
    else yield { ok: false, at, reason: parsed.reasons.join("; "), fatal: false };
  }
  if (count === 0) yield { ok: false, at: null, reason: "file is empty", fatal: true };
}

/** Streams a corpus file as validated records or positioned errors; never throws for bad input. */
export async function* readCorpusFile(file: string, format: CorpusFormat): AsyncGenerator<RecordResult> {
  try {
    yield* format === "alpaca_eval" ? readAlpacaEval(file) : readJsonl(file);
  } catch (error) {
    if (error instanceof JsonArrayStructureError) {
      yield {
        ok: false,
        at: error.line > 0 ? `line ${error.line}` : null,
        reason: error.message,
        fatal: true,
      };
    } else {
      yield { ok: false, at: null, reason: `cannot read file (${(error as Error).message})`, fatal: true };
    }
  }
}

export function formatRecordError(file: string, error: { at: string | null; reason: string }): string {
  return error.at ? `${file}: ${error.at}: ${error.reason}` : `${file}: ${error.reason}`;
}
