/**
 * Byte-level scanner for flat JSON battle objects: extracts a fixed set of keys without building
 * JS objects (JSON.parse per line costs ~0.6 s per million lines). Anything unusual — escapes in
 * keys, a wanted key of the wrong type, bad syntax — returns SCAN_FALLBACK so the caller can use
 * JSON.parse, which also produces the precise error message.
 */
export const SCAN_FALLBACK = -1;
export const SCAN_INCOMPLETE = -2;

const QUOTE = 34;
const BACKSLASH = 92;

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

export class ObjectScanner {
  private readonly keys: Uint8Array[];
  private readonly wantString: Uint8Array;
  /** Key lookup by a rolling hash of the key bytes: -1 = not wanted, -2 = hash collision (compare all). */
  private readonly slotKey = new Int8Array(256).fill(-1);
  readonly present: Uint8Array;
  /** String values: content bytes [start, end) without quotes. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly escaped: Uint8Array;
  /** FNV-1a of string values (wanted keys), for interning without another pass. */
  readonly hash: Int32Array;
  readonly num: Float64Array;

  constructor(keys: { name: string; type: "string" | "number" }[]) {
    const enc = new TextEncoder();
    this.keys = keys.map((k) => enc.encode(k.name));
    this.wantString = Uint8Array.from(keys, (k) => (k.type === "string" ? 1 : 0));
    this.keys.forEach((bytes, k) => {
      const slot = bytes.length > 0 ? keyHash(bytes, 0, bytes.length) & 255 : 0;
      this.slotKey[slot] = this.slotKey[slot] === -1 ? k : -2;
    });
    const n = keys.length;
    this.present = new Uint8Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.escaped = new Uint8Array(n);
    this.hash = new Int32Array(n);
    this.num = new Float64Array(n);
  }

  private matchKey(buf: Uint8Array, s: number, e: number, h: number): number {
    const slot = this.slotKey[h & 255];
    if (slot === -1) return -1;
    if (slot >= 0) return bytesEqual(buf, s, e, this.keys[slot]) ? slot : -1;
    for (let k = 0; k < this.keys.length; k++) if (bytesEqual(buf, s, e, this.keys[k])) return k;
    return -1;
  }

  /**
   * `pos` must point at '{'. Returns the index just past the matching '}'. buf[limit] must exist:
   * it briefly holds a '"' sentinel so the hot loops need no bounds check.
   */
  scan(buf: Uint8Array, pos: number, limit: number): number {
    if (limit >= buf.length) return SCAN_FALLBACK;
    const saved = buf[limit];
    buf[limit] = QUOTE;
    const r = this.scanSentinel(buf, pos, limit);
    buf[limit] = saved;
    return r;
  }

  private scanSentinel(buf: Uint8Array, pos: number, limit: number): number {
    const present = this.present;
    for (let k = 0; k < present.length; k++) present[k] = 0;
    let p = skipWs(buf, pos + 1);
    if (buf[p] === 125) return p + 1;
    for (;;) {
      if (p >= limit) return SCAN_INCOMPLETE;
      if (buf[p] !== QUOTE) return SCAN_FALLBACK;
      const ks = ++p;
      while (buf[p] !== QUOTE) p++;
      if (p >= limit) return SCAN_INCOMPLETE;
      // Any escape in a key sends the line to JSON.parse (wanted keys have none).
      if (buf[p - 1] === BACKSLASH) return SCAN_FALLBACK;
      const key = p > ks ? this.matchKey(buf, ks, p, keyHash(buf, ks, p)) : -1;
      // Compact JSON has no whitespace: test the expected byte before looking for any.
      if (buf[++p] !== 58) {
        p = skipWs(buf, p);
        if (p >= limit) return SCAN_INCOMPLETE;
        if (buf[p] !== 58) return SCAN_FALLBACK;
      }
      if (isWs(buf[++p])) p = skipWs(buf, p);
      if (p >= limit) return SCAN_INCOMPLETE;
      const c = buf[p];
      if (c === QUOTE) {
        const vs = ++p;
        p = stringEnd(buf, p, limit);
        if (p >= limit) return SCAN_INCOMPLETE;
        if (key >= 0) {
          if (!this.wantString[key]) return SCAN_FALLBACK;
          present[key] = 1;
          this.start[key] = vs;
          this.end[key] = p;
          // One pass for both: escapes send the value to the slow path, the hash interns names.
          let esc = 0;
          let h = 0x811c9dc5 | 0;
          for (let i = vs; i < p; i++) {
            const b = buf[i];
            if (b === BACKSLASH) esc = 1;
            h = Math.imul(h ^ b, 0x01000193);
          }
          this.escaped[key] = esc;
          this.hash[key] = h;
        }
        p++;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        p = key >= 0 ? this.number(buf, p, limit, key) : numberEnd(buf, p, limit);
        if (p < 0) return p;
      } else {
        if (key >= 0) return SCAN_FALLBACK;
        p = skipValue(buf, p, limit);
        if (p < 0) return p;
      }
      let sep = buf[p];
      if (sep !== 44 && sep !== 125) {
        p = skipWs(buf, p);
        if (p >= limit) return SCAN_INCOMPLETE;
        sep = buf[p];
      }
      p++;
      if (sep === 125) return p;
      if (sep !== 44) return SCAN_FALLBACK;
      if (buf[p] !== QUOTE) p = skipWs(buf, p);
    }
  }

  /** Wanted number: ≤15 significant digits without exponent are exact as mantissa / 10^k (one rounding). */
  private number(buf: Uint8Array, p: number, limit: number, key: number): number {
    if (this.wantString[key]) return SCAN_FALLBACK;
    const e = numberEnd(buf, p, limit);
    if (e < 0) return e;
    let v = 0;
    let digits = 0;
    let frac = -1;
    let simple = true;
    for (let i = buf[p] === 45 ? p + 1 : p; i < e; i++) {
      const c = buf[i];
      if (c === 46) frac = 0;
      else if (c >= 48 && c <= 57) {
        v = v * 10 + (c - 48);
        digits++;
        if (frac >= 0) frac++;
      } else simple = false;
    }
    let value: number;
    if (!simple || digits > 15) value = Number(latin1(buf, p, e));
    else {
      value = frac > 0 ? v / POW10[frac] : v;
      if (buf[p] === 45) value = -value;
    }
    this.present[key] = 1;
    this.num[key] = value === 0 ? 0 : value;
    return e;
  }
}

/** Relies on the sentinel at limit (a quote is not whitespace). */
function skipWs(buf: Uint8Array, p: number): number {
  while (isWs(buf[p])) p++;
  return p;
}

/** Index of the quote closing a string whose content starts at p (sentinel-bounded). */
function stringEnd(buf: Uint8Array, p: number, limit: number): number {
  for (;;) {
    while (buf[p] !== QUOTE) p++;
    if (p >= limit || buf[p - 1] !== BACKSLASH) return p;
    // Escaped only if preceded by an odd number of backslashes.
    let n = 1;
    while (buf[p - 1 - n] === BACKSLASH) n++;
    if ((n & 1) === 0) return p;
    p++;
  }
}

function skipDigits(buf: Uint8Array, p: number, limit: number): number {
  while (p < limit && buf[p] >= 48 && buf[p] <= 57) p++;
  return p;
}

/** End of a JSON number starting at p (grammar-checked), SCAN_FALLBACK if malformed. */
function numberEnd(buf: Uint8Array, p: number, limit: number): number {
  if (buf[p] === 45) p++;
  const first = buf[p];
  if (first === 48) p++;
  else if (first >= 49 && first <= 57) p = skipDigits(buf, p, limit);
  else return SCAN_FALLBACK;
  if (p < limit && buf[p] === 46) {
    const d = p + 1;
    p = skipDigits(buf, d, limit);
    if (p === d) return SCAN_FALLBACK;
  }
  if (p < limit && (buf[p] === 101 || buf[p] === 69)) {
    p++;
    if (p < limit && (buf[p] === 43 || buf[p] === 45)) p++;
    const d = p;
    p = skipDigits(buf, d, limit);
    if (p === d) return SCAN_FALLBACK;
  }
  return p >= limit ? SCAN_INCOMPLETE : p;
}

/** Cheap key fingerprint (length, first and last byte): keys are told apart without hashing every byte. */
function keyHash(buf: Uint8Array, s: number, e: number): number {
  return (e - s) * 131 + buf[s] * 7 + buf[e - 1];
}

export function latin1(buf: Uint8Array, s: number, e: number): string {
  let out = "";
  for (let i = s; i < e; i++) out += String.fromCharCode(buf[i]);
  return out;
}

/** Skips any JSON value (string-aware bracket matching); returns the index after it. */
export function skipValue(buf: Uint8Array, p: number, limit: number): number {
  let depth = 0;
  let q = p;
  while (q < limit) {
    const c = buf[q];
    if (c === QUOTE) {
      q++;
      while (q < limit && buf[q] !== QUOTE) q += buf[q] === BACKSLASH ? 2 : 1;
      if (q >= limit) return SCAN_INCOMPLETE;
      q++;
      if (depth === 0) return q;
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (depth === 0) return q;
      depth--;
      if (depth === 0) return q + 1;
    } else if (depth === 0 && (c === 44 || isWs(c))) return q;
    q++;
  }
  return SCAN_INCOMPLETE;
}

/** Byte equality of buf[s, e) with a pattern. */
export function bytesEqual(buf: Uint8Array, s: number, e: number, pattern: Uint8Array): boolean {
  if (e - s !== pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) if (buf[s + i] !== pattern[i]) return false;
  return true;
}
