/**
 * Streaming battle-file reader (Node only: uses fs). JSONL is read in chunks and aggregated while
 * reading, so memory does not grow with the number of votes; a byte range lets several threads
 * share one file. JSON arrays are streamed element by element on one thread.
 */
import fs from "node:fs";
import type { PairData } from "../pairs";
import type { StyleRows } from "../style-engine";
import { BattleParser, type IssueReason, type ParseOptions } from "./battle-parser";
import { SCAN_FALLBACK, SCAN_INCOMPLETE, skipValue } from "./scanner";

export interface ReadOptions extends ParseOptions {
  lenient: boolean;
}

export interface ReadResult {
  pd: PairData;
  rows: StyleRows | null;
  lines: number;
  battles: number;
  skipped: Partial<Record<IssueReason, number>>;
  /** First few skipped lines (lenient) for the log. */
  examples: { line: number; message: string }[];
  /** First bad line when not lenient; reading stops there. */
  error: { line: number; message: string } | null;
}

const CHUNK = 1 << 22;

class Collector {
  readonly parser: BattleParser;
  readonly skipped: Partial<Record<IssueReason, number>> = {};
  readonly examples: { line: number; message: string }[] = [];
  error: { line: number; message: string } | null = null;

  constructor(private readonly opts: ReadOptions) {
    this.parser = new BattleParser(opts);
  }

  /** Returns false when reading must stop. */
  handle(buf: Uint8Array, s: number, e: number, line: number, where = `line ${line}`): boolean {
    const issue = this.parser.parse(buf, s, e);
    if (!issue) return true;
    if (!this.opts.lenient) {
      this.error = { line, message: `${where}: ${issue.message}` };
      return false;
    }
    this.skipped[issue.reason] = (this.skipped[issue.reason] ?? 0) + 1;
    if (this.examples.length < 5) this.examples.push({ line, message: `${where}: ${issue.message}` });
    return true;
  }

  result(lines: number): ReadResult {
    const { pd, rows } = this.parser.result();
    return {
      pd,
      rows: this.opts.features.length > 0 ? rows : null,
      lines,
      battles: this.parser.battles,
      skipped: this.skipped,
      examples: this.examples,
      error: this.error,
    };
  }
}

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}

export function fileSize(path: string): number {
  return fs.statSync(path).size;
}

/** "array" when the first non-blank byte is '['. */
export function sniffFormat(path: string): "jsonl" | "array" {
  const fd = fs.openSync(path, "r");
  try {
    const buf = new Uint8Array(4096);
    let pos = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) return "jsonl";
      for (let i = 0; i < n; i++) if (!isBlank(buf, i, i + 1)) return buf[i] === 91 ? "array" : "jsonl";
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the lines that start in [start, end); line numbers are relative to the range. */
export function readJsonlRange(path: string, start: number, end: number, opts: ReadOptions): ReadResult {
  const col = new Collector(opts);
  const fd = fs.openSync(path, "r");
  let buf = Buffer.allocUnsafe(CHUNK);
  let base = start > 0 ? start - 1 : 0;
  let have = 0;
  let off = 0;
  let lines = 0;
  let skipFirst = start > 0;
  let eof = false;
  try {
    outer: for (;;) {
      if (off > 0) {
        buf.copyWithin(0, off, have);
        have -= off;
        base += off;
        off = 0;
      }
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, have, buf.length - have, base + have);
      have += n;
      eof = n === 0;
      const view = buf.subarray(0, have);
      for (;;) {
        let nl = view.indexOf(10, off);
        if (nl < 0) {
          if (!eof) continue outer;
          if (off >= have) break outer;
          nl = have;
        }
        if (skipFirst) {
          skipFirst = false;
        } else {
          if (base + off >= end) break outer;
          lines++;
          // The full buffer, not the view: the scanner needs the byte after the line for a sentinel.
          if (!isBlank(view, off, nl) && !col.handle(buf, off, nl, lines)) break outer;
        }
        off = nl + 1;
        if (off >= have && eof) break outer;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return col.result(lines);
}

/** Streams a top-level JSON array of battle objects. */
export function readJsonArray(path: string, opts: ReadOptions): ReadResult {
  const col = new Collector(opts);
  const fd = fs.openSync(path, "r");
  let buf = Buffer.allocUnsafe(CHUNK);
  let base = 0;
  let have = 0;
  let off = 0;
  let line = 1;
  let counted = 0;
  let element = 0;
  let state: "open" | "value" | "sep" | "done" = "open";
  const fail = (message: string): ReadResult => {
    col.error = { line, message: `line ${line}: ${message}` };
    return col.result(line);
  };
  try {
    for (;;) {
      if (off > 0) {
        buf.copyWithin(0, off, have);
        have -= off;
        base += off;
        counted -= off;
        off = 0;
      }
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, have, buf.length - have, base + have);
      have += n;
      const eof = n === 0;
      let needMore = false;
      while (!needMore) {
        while (off < have && isBlank(buf, off, off + 1)) off++;
        for (; counted < off; counted++) if (buf[counted] === 10) line++;
        if (off >= have) break;
        const c = buf[off];
        if (state === "open") {
          if (c !== 91) return fail("expected a JSON array");
          state = "value";
          off++;
        } else if (state === "sep") {
          if (c === 44) state = "value";
          else if (c === 93) state = "done";
          else return fail("malformed JSON array (expected ',' or ']')");
          off++;
        } else if (state === "value") {
          if (c === 93 && element === 0) {
            state = "done";
            off++;
            continue;
          }
          const endPos = skipValue(buf, off, have);
          if (endPos === SCAN_INCOMPLETE || endPos === SCAN_FALLBACK) {
            if (eof) return fail("malformed JSON (unexpected end of input)");
            needMore = true;
            break;
          }
          element++;
          if (!col.handle(buf, off, endPos, line, `line ${line} (element ${element})`))
            return col.result(line);
          off = endPos;
          state = "sep";
        } else {
          return fail("unexpected data after the JSON array");
        }
      }
      if (eof && !needMore) {
        return state === "done" ? col.result(line) : fail("malformed JSON (unexpected end of input)");
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}
