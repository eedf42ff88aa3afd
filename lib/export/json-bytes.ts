// JSON.stringify(s) written as UTF-8 straight into a buffer. Dumps are mostly
// answer text, and escaping it through JSON.stringify made a string of every answer
// that lived only until it was copied into the output (a quarter of what a dump
// allocated); here the text is encoded natively and escaped in one pass over its
// bytes. Bytes below 0x80 are escaped as JSON.stringify escapes them; a string with a
// lone surrogate (which Buffer.write would replace by U+FFFD) goes through
// JSON.stringify itself. json-bytes.test.ts checks both against JSON.stringify.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = Buffer.from("0123456789abcdef");

/** Per byte: 0 = as is (every byte of a multi-byte character), 1 = `\` + byte, 2 = `\u00XX`, else the letter of a short escape. */
const ESCAPE = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) ESCAPE[c] = 2;
ESCAPE[0x08] = 0x62; // \b
ESCAPE[0x09] = 0x74; // \t
ESCAPE[0x0a] = 0x6e; // \n
ESCAPE[0x0c] = 0x66; // \f
ESCAPE[0x0d] = 0x72; // \r
ESCAPE[QUOTE] = 1;
ESCAPE[BACKSLASH] = 1;

/** Bytes `writeJsonString` may need for `s`: 3 UTF-8 bytes per UTF-16 unit, or 6 for `\u00XX`, and the quotes. */
export const jsonStringMaxBytes = (s: string): number => s.length * 6 + 2;

let raw = Buffer.allocUnsafe(64 * 1024);

/**
 * Writes `JSON.stringify(s)` at `at` in `out`, which must have jsonStringMaxBytes(s)
 * bytes free there; returns the offset after it.
 */
export function writeJsonString(out: Buffer, at: number, s: string): number {
  if (!s.isWellFormed()) return at + out.write(JSON.stringify(s), at, "utf8");
  if (raw.length < s.length * 3) raw = Buffer.allocUnsafe(s.length * 3);
  const n = raw.write(s, 0, "utf8");
  const src = raw;
  let o = at;
  out[o++] = QUOTE;
  for (let i = 0; i < n; i++) {
    const b = src[i];
    const e = ESCAPE[b];
    if (e === 0) {
      out[o++] = b;
    } else if (e === 1) {
      out[o++] = BACKSLASH;
      out[o++] = b;
    } else if (e === 2) {
      out[o++] = BACKSLASH;
      out[o++] = 0x75; // u
      out[o++] = 0x30;
      out[o++] = 0x30;
      out[o++] = HEX[b >> 4];
      out[o++] = HEX[b & 15];
    } else {
      out[o++] = BACKSLASH;
      out[o++] = e;
    }
  }
  out[o++] = QUOTE;
  return o;
}
