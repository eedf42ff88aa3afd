import { createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { readLines } from "./lines";

const dir = mkdtempSync(path.join(os.tmpdir(), "lines-test-"));

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

/** What the JSONL reader used before: node:readline over a UTF-8 stream. */
const viaReadline = (file: string, highWaterMark: number) =>
  collect(
    createInterface({
      input: createReadStream(file, { encoding: "utf8", highWaterMark }),
      crlfDelay: Number.POSITIVE_INFINITY,
    }),
  );

describe("readLines", () => {
  const cases: [string, string | Buffer][] = [
    ["empty", ""],
    ["no final newline", '{"a":1}\n{"b":2}'],
    ["final newline", "a\nb\n"],
    ["blank lines", "\n\na\n\n"],
    ["CRLF", "a\r\nb\r\n\r\nc"],
    ["lone CR", "a\rb\r\rc\r"],
    ["CR then CRLF", "a\r\r\nb"],
    ["BOM and non-ASCII", "\uFEFFnaïve\n日本語 🙂\r\nend"],
    ["invalid UTF-8", Buffer.from([0x61, 0xe2, 0x82, 0x0a, 0xff, 0x62, 0x0d, 0x0a])],
    ["long line", `${"x".repeat(5000)}\n${"y".repeat(3000)}`],
  ];
  it.each(cases)("splits %s as readline does, whatever the chunk size", async (name, content) => {
    const file = path.join(dir, `${name.replace(/\W/g, "_")}.txt`);
    writeFileSync(file, content);
    for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) {
      expect(await collect(readLines(file, chunk)), `chunk ${chunk}`).toEqual(await viaReadline(file, chunk));
    }
  });

  it("fails for a missing file", async () => {
    await expect(collect(readLines(path.join(dir, "missing.jsonl")))).rejects.toThrow(/ENOENT/);
  });
});
