import { describe, expect, it } from "vitest";
import { JsonArrayStructureError, readJsonArray } from "./json-array";

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function collect(text: string, size = 1 << 20) {
  const items = [];
  for await (const item of readJsonArray(chunked(text, size))) items.push(item);
  return items;
}

const SAMPLE = JSON.stringify(
  [
    { a: "x, ] } [ {", b: [1, [2, { c: '\\"' }]], d: null },
    'a string with "escapes" and \\ and ]',
    42,
    [],
    {},
    { nested: { deeper: ["é", "日本", "🙂"] } },
  ],
  null,
  2,
);

describe("readJsonArray", () => {
  it("yields the same values as JSON.parse, whatever the chunk boundaries", async () => {
    const expected = JSON.parse(SAMPLE) as unknown[];
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
      const items = await collect(SAMPLE, size);
      expect(items.map((i) => ("value" in i ? i.value : i.error))).toEqual(expected);
      expect(items.map((i) => i.index)).toEqual(expected.map((_, n) => n));
    }
  });

  it("reports the line where each element starts", async () => {
    const items = await collect('[\n  {"a": 1},\n\n  {"b":\n 2}, 3]');
    expect(items.map((i) => i.line)).toEqual([2, 4, 5]);
  });

  it("accepts an empty array and a byte-order mark", async () => {
    expect(await collect("\uFEFF [ \n ] \n")).toEqual([]);
  });

  it("reports an element that is not valid JSON and carries on", async () => {
    const items = await collect('[{"a": 1}, {"b": tru}, {"c": 3}]');
    expect(items[1]).toMatchObject({ index: 1, line: 1, error: expect.stringMatching(/^invalid JSON \(/) });
    expect(items[2]).toEqual({ index: 2, line: 1, value: { c: 3 } });
  });

  it.each([
    ["", /file is empty/, 0],
    ["  \n ", /file is empty/, 0],
    ['{"a": 1}', /expected a JSON array starting with "\["/, 1],
    ['[{"a": 1},\n {"b": 2}', /not closed/, 2],
    ['[{"a": "unterminated}]', /not closed/, 1],
    ["[1, 2,]", /unexpected "\]" after item 1/, 1],
    ["[,1]", /unexpected ","/, 1],
    ["[1]\n[2]", /after the closing "\]"/, 2],
  ])("rejects a broken outline: %j", async (text, message, line) => {
    const error = await collect(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonArrayStructureError);
    expect((error as Error).message).toMatch(message);
    expect((error as JsonArrayStructureError).line).toBe(line);
  });
});
