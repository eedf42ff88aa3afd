/** Reads a whole battle file, splitting JSONL across threads by byte range (Node only). */

import type { PairData } from "../pairs";
import type { StyleRows } from "../style-engine";
import { StyleRowsBuilder } from "../style-rows";
import type { IssueReason } from "./battle-parser";
import { runShared, type WorkerPool } from "./pool";
import {
  fileSize,
  type ReadOptions,
  type ReadResult,
  readJsonArray,
  readJsonlRange,
  sniffFormat,
} from "./reader";

export interface FileData {
  format: "jsonl" | "array";
  pd: PairData;
  rows: StyleRows | null;
  lines: number;
  battles: number;
  skipped: Partial<Record<IssueReason, number>>;
  examples: { line: number; message: string }[];
  error: { line: number; message: string } | null;
}

/** Below this a second thread costs more to start than it saves. */
export const MIN_SPLIT_BYTES = 8 << 20;

export async function readBattleFile(
  path: string,
  opts: ReadOptions,
  pool: WorkerPool | null,
  minSplitBytes = MIN_SPLIT_BYTES,
): Promise<FileData> {
  const format = sniffFormat(path);
  if (format === "array") return { format, ...readJsonArray(path, opts) };
  const size = fileSize(path);
  if (!pool || size < minSplitBytes)
    return { format, ...mergeRanges([readJsonlRange(path, 0, size, opts)], opts) };
  const parts = 4 * (1 + pool.size);
  const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.floor((size * k) / parts));
  const results = await runShared<ReadResult>({ kind: "parse", path, bounds, opts }, pool, true);
  return { format, ...mergeRanges(results, opts) };
}

/** Combines ranges in file order, so model order stays "first appearance" and line numbers global. */
export function mergeRanges(results: ReadResult[], opts: ReadOptions): Omit<FileData, "format"> {
  let offset = 0;
  const skipped: Partial<Record<IssueReason, number>> = {};
  const examples: { line: number; message: string }[] = [];
  for (const r of results) {
    if (r.error) {
      const line = offset + r.error.line;
      const message = r.error.message.replace(/^line \d+/, `line ${line}`);
      return { ...r, lines: offset + r.lines, error: { line, message }, skipped, examples };
    }
    for (const [k, v] of Object.entries(r.skipped)) {
      skipped[k as IssueReason] = (skipped[k as IssueReason] ?? 0) + (v ?? 0);
    }
    for (const e of r.examples) {
      if (examples.length < 5) {
        const line = offset + e.line;
        examples.push({ line, message: e.message.replace(/^line \d+/, `line ${line}`) });
      }
    }
    offset += r.lines;
  }
  const battles = results.reduce((s, r) => s + r.battles, 0);
  if (results.length === 1) return { ...results[0], skipped, examples, lines: offset, battles };
  const builder = new StyleRowsBuilder(opts.features, opts.ipw);
  for (const r of results) {
    if (r.rows) builder.merge({ pd: r.pd, rows: r.rows });
    else builder.pairs.merge(r.pd);
  }
  const { pd, rows } = builder.build();
  return {
    pd,
    rows: opts.features.length > 0 ? rows : null,
    lines: offset,
    battles,
    skipped,
    examples,
    error: null,
  };
}
