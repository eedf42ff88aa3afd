import { describe, expect, it } from "vitest";
import { jsonStringMaxBytes, writeJsonString } from "./json-bytes";

const viaBytes = (s: string) => {
  const out = Buffer.alloc(jsonStringMaxBytes(s) + 8);
  const end = writeJsonString(out, 3, s);
  return out.toString("utf8", 3, end);
};

describe("writeJsonString", () => {
  it("writes what JSON.stringify writes, on fixed cases", () => {
    const cases = [
      "",
      "plain",
      'quote " and backslash \\ and slash /',
      "\n\r\t\b\f",
      Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join(""),
      "\u007f\u0080\u00ff é ß",
      "漢字とカタカナ",
      "emoji 🙂 and \u2028\u2029",
      "lone \ud800 high",
      "lone \udc00 low",
      "swapped \udc00\ud800",
      "x".repeat(100_000),
    ];
    for (const s of cases) expect(viaBytes(s), JSON.stringify(s)).toBe(JSON.stringify(s));
  });

  it("writes what JSON.stringify writes, on random UTF-16", () => {
    let seed = 11;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const ranges = [0x80, 0x800, 0x10000];
    for (let k = 0; k < 2000; k++) {
      const s = Array.from({ length: Math.floor(rand() * 60) }, () =>
        String.fromCharCode(Math.floor(rand() * ranges[Math.floor(rand() * ranges.length)])),
      ).join("");
      expect(viaBytes(s)).toBe(JSON.stringify(s));
    }
  });

  it("stays within the bytes it asks for", () => {
    for (const s of ["\u0001".repeat(50), "\uffff".repeat(50), "🙂".repeat(50), '"'.repeat(50)]) {
      const out = Buffer.alloc(jsonStringMaxBytes(s));
      expect(writeJsonString(out, 0, s)).toBeLessThanOrEqual(out.length);
    }
  });
});
