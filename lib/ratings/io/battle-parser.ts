import type { PairData } from "../pairs";
import type { StyleRows } from "../style-engine";
import { StyleRowsBuilder } from "../style-rows";
import { OUTCOMES } from "../types";
import { bytesEqual, ObjectScanner, SCAN_FALLBACK, SCAN_INCOMPLETE } from "./scanner";

export const DEFAULT_STYLE_FEATURES = ["sum_assistant_tokens", "header_count", "list_count", "bold_count"];

export interface ParseOptions {
  /** Style feature names (columns NAME_a / NAME_b); empty for plain Bradley-Terry. */
  features: string[];
  ipw: boolean;
}

export type IssueReason =
  | "malformed_json"
  | "not_an_object"
  | "missing_model"
  | "unknown_winner"
  | "missing_feature"
  | "bad_sampling_probability";

export interface ParseIssue {
  reason: IssueReason;
  message: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const WINNER_BYTES = OUTCOMES.map((o) => enc.encode(o));

/**
 * A style feature from FastChat's `conv_metadata` (its cleaned battles carry them
 * there, not as columns): `sum_assistant_a_tokens` for `sum_assistant_tokens`,
 * `header_count_a` for `header_count`; a dict of counts ({h1…h6}, {ordered,
 * unordered}) is summed, as rating_systems.py's preprocess_for_style does.
 */
export function convMetadataFeature(meta: Record<string, unknown>, name: string, side: "a" | "b"): unknown {
  const key = name.endsWith("_tokens")
    ? `${name.slice(0, -"_tokens".length)}_${side}_tokens`
    : `${name}_${side}`;
  const v = meta[key];
  if (typeof v !== "object" || v === null) return v;
  let sum = 0;
  for (const x of Object.values(v)) {
    if (typeof x !== "number") return undefined;
    sum += x;
  }
  return sum;
}

/** Interns model names by their UTF-8 bytes so the hot path never allocates a string. */
class NameTable {
  private keys = new Int32Array(256).fill(-1);
  private hashes = new Int32Array(256);
  private offsets: number[] = [];
  private lengths: number[] = [];
  private ids: number[] = [];
  private pool = new Uint8Array(4096);
  private used = 0;

  /** `h` is the FNV-1a hash of buf[s, e) (computed by the scanner). */
  lookup(buf: Uint8Array, s: number, e: number, h: number, intern: (name: string) => number): number {
    const mask = this.keys.length - 1;
    let slot = (h >>> 0) & mask;
    for (;;) {
      const k = this.keys[slot];
      if (k === -1) break;
      if (this.hashes[slot] === h && this.lengths[k] === e - s) {
        const pool = this.pool;
        const o = this.offsets[k] - s;
        let i = s;
        while (i < e && pool[o + i] === buf[i]) i++;
        if (i === e) return this.ids[k];
      }
      slot = (slot + 1) & mask;
    }
    const id = intern(dec.decode(buf.subarray(s, e)));
    if (this.used + (e - s) > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.used + (e - s)));
      bigger.set(this.pool);
      this.pool = bigger;
    }
    this.pool.set(buf.subarray(s, e), this.used);
    const k = this.ids.length;
    this.offsets.push(this.used);
    this.lengths.push(e - s);
    this.ids.push(id);
    this.used += e - s;
    this.keys[slot] = k;
    this.hashes[slot] = h;
    if (this.ids.length * 2 > this.keys.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = this.keys.length * 2;
    const keys = new Int32Array(size).fill(-1);
    const hashes = new Int32Array(size);
    for (let slot = 0; slot < this.keys.length; slot++) {
      const k = this.keys[slot];
      if (k === -1) continue;
      let t = (this.hashes[slot] >>> 0) & (size - 1);
      while (keys[t] !== -1) t = (t + 1) & (size - 1);
      keys[t] = k;
      hashes[t] = this.hashes[slot];
    }
    this.keys = keys;
    this.hashes = hashes;
  }
}

/** Turns battle objects (bytes) into pair counts or style rows; pure, so parse workers can run it. */
export class BattleParser {
  readonly builder: StyleRowsBuilder;
  private readonly scanner: ObjectScanner;
  private readonly names = new NameTable();
  private readonly k: number;
  private readonly fa: Float64Array;
  private readonly fb: Float64Array;
  private readonly intern: (name: string) => number;
  battles = 0;

  constructor(private readonly opts: ParseOptions) {
    this.k = opts.features.length;
    this.builder = new StyleRowsBuilder(opts.features, opts.ipw);
    this.intern = (name) => this.builder.pairs.modelId(name);
    const keys: { name: string; type: "string" | "number" }[] = [
      { name: "model_a", type: "string" },
      { name: "model_b", type: "string" },
      { name: "winner", type: "string" },
    ];
    for (const f of opts.features)
      keys.push({ name: `${f}_a`, type: "number" }, { name: `${f}_b`, type: "number" });
    if (opts.ipw) keys.push({ name: "sampling_probability", type: "number" });
    this.scanner = new ObjectScanner(keys);
    this.fa = new Float64Array(this.k);
    this.fb = new Float64Array(this.k);
  }

  /** Parses the object in buf[s, e) (surrounding whitespace allowed). */
  parse(buf: Uint8Array, s: number, e: number): ParseIssue | null {
    let p = s;
    while (p < e && (buf[p] === 32 || buf[p] === 9 || buf[p] === 13 || buf[p] === 10)) p++;
    if (p < e && buf[p] === 123) {
      const end = this.scanner.scan(buf, p, e);
      if (end !== SCAN_FALLBACK && end !== SCAN_INCOMPLETE && this.fast(buf, end, e)) return null;
    }
    return this.slow(dec.decode(buf.subarray(s, e)));
  }

  private fast(buf: Uint8Array, end: number, e: number): boolean {
    for (let q = end; q < e; q++) {
      const c = buf[q];
      if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
    }
    const sc = this.scanner;
    if (!sc.present[0] || !sc.present[1] || !sc.present[2]) return false;
    if (sc.escaped[0] || sc.escaped[1] || sc.escaped[2]) return false;
    if (sc.end[0] === sc.start[0] || sc.end[1] === sc.start[1]) return false;
    let winner = -1;
    for (let w = 0; w < 4 && winner < 0; w++)
      if (bytesEqual(buf, sc.start[2], sc.end[2], WINNER_BYTES[w])) winner = w;
    if (winner < 0) return false;
    let weight = 1;
    if (this.opts.ipw) {
      const at = 3 + 2 * this.k;
      const prob = sc.num[at];
      if (!sc.present[at] || !(prob > 0 && prob <= 1)) return false;
      weight = 1 / prob;
    }
    for (let f = 0; f < this.k; f++) {
      if (!sc.present[3 + 2 * f] || !sc.present[4 + 2 * f]) return false;
      this.fa[f] = sc.num[3 + 2 * f];
      this.fb[f] = sc.num[4 + 2 * f];
    }
    const ia = this.names.lookup(buf, sc.start[0], sc.end[0], sc.hash[0], this.intern);
    const ib = this.names.lookup(buf, sc.start[1], sc.end[1], sc.hash[1], this.intern);
    this.builder.add(ia, ib, winner, this.fa, this.fb, 1, weight, weight * weight);
    this.battles++;
    return true;
  }

  private slow(text: string): ParseIssue | null {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (err) {
      return { reason: "malformed_json", message: `malformed JSON (${(err as Error).message})` };
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
      return { reason: "not_an_object", message: "a battle must be a JSON object" };
    }
    const o = obj as Record<string, unknown>;
    for (const key of ["model_a", "model_b"]) {
      if (typeof o[key] !== "string" || o[key] === "") {
        return { reason: "missing_model", message: `missing ${key} (a non-empty string is required)` };
      }
    }
    const winner = OUTCOMES.indexOf(o.winner as never);
    if (winner < 0) {
      return {
        reason: "unknown_winner",
        message: `${o.winner === undefined ? "missing winner" : `unknown winner label ${JSON.stringify(o.winner)}`} (expected one of ${OUTCOMES.map((x) => JSON.stringify(x)).join(", ")})`,
      };
    }
    let weight = 1;
    if (this.opts.ipw) {
      const prob = o.sampling_probability;
      if (typeof prob !== "number" || !(prob > 0 && prob <= 1)) {
        return {
          reason: "bad_sampling_probability",
          message: `sampling_probability must be a number in (0, 1] with --ipw, got ${JSON.stringify(prob)}`,
        };
      }
      weight = 1 / prob;
    }
    const meta = o.conv_metadata;
    for (let f = 0; f < this.k; f++) {
      const name = this.opts.features[f];
      let a = o[`${name}_a`];
      let b = o[`${name}_b`];
      if (a === undefined && b === undefined && typeof meta === "object" && meta !== null) {
        a = convMetadataFeature(meta as Record<string, unknown>, name, "a");
        b = convMetadataFeature(meta as Record<string, unknown>, name, "b");
      }
      if (typeof a !== "number" || typeof b !== "number" || !Number.isFinite(a) || !Number.isFinite(b)) {
        return {
          reason: "missing_feature",
          message: `style columns ${name}_a / ${name}_b (or conv_metadata's) must be numbers`,
        };
      }
      this.fa[f] = a;
      this.fb[f] = b;
    }
    const ia = this.intern(o.model_a as string);
    const ib = this.intern(o.model_b as string);
    this.builder.add(ia, ib, winner, this.fa, this.fb, 1, weight, weight * weight);
    this.battles++;
    return null;
  }

  result(): { pd: PairData; rows: StyleRows } {
    return this.builder.build();
  }
}
