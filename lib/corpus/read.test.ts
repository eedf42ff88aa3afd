import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toImportRow, validateCorpusFiles } from "./plan";
import { detectFormat, type RecordResult, readCorpusFile } from "./read";
import { promptExternalId } from "./text";

const FIXTURES = path.resolve(import.meta.dirname, "__fixtures__");
const ALPACA_A = path.join(FIXTURES, "alpaca-model-a.json");
const ALPACA_B = path.join(FIXTURES, "alpaca-model-b.json");
const JSONL = path.join(FIXTURES, "own-prompts.jsonl");

const tmp = mkdtempSync(path.join(os.tmpdir(), "corpus-read-test-"));
let counter = 0;
function tmpFile(name: string, text: string): string {
  const file = path.join(tmp, `${counter++}-${name}`);
  writeFileSync(file, text);
  return file;
}

async function readAll(file: string): Promise<RecordResult[]> {
  const out: RecordResult[] = [];
  for await (const r of readCorpusFile(file, await detectFormat(file))) out.push(r);
  return out;
}

async function errorsOf(...files: string[]): Promise<string[]> {
  const result = await validateCorpusFiles({ files });
  if (result.ok) throw new Error("expected validation to fail");
  return result.errors;
}

const good = (o: Record<string, unknown> = {}) =>
  JSON.stringify({
    instruction: "Hi there, how are you?",
    output: "Fine.",
    generator: "m",
    dataset: "x",
    ...o,
  });

describe("format detection", () => {
  it("uses the extension, then the first non-space character", async () => {
    expect(await detectFormat(ALPACA_A)).toBe("alpaca_eval");
    expect(await detectFormat(JSONL)).toBe("jsonl");
    expect(await detectFormat(tmpFile("outputs.txt", `\n  [${good()}]`))).toBe("alpaca_eval");
    expect(await detectFormat(tmpFile("outputs.txt", '{"prompt": "p"}'))).toBe("jsonl");
  });
});

describe("AlpacaEval reader", () => {
  it("normalises items, keying prompts by a hash of the instruction", async () => {
    const results = await readAll(ALPACA_A);
    expect(results.every((r) => r.ok)).toBe(true);
    const records = results.flatMap((r) => (r.ok ? [r.record] : []));
    expect(records).toHaveLength(3);
    expect(records[0]).toEqual({
      ordinal: 0,
      at: "item 0 (line 2)",
      externalId: promptExternalId("What is the capital of France?"),
      prompt: "What is the capital of France?",
      category: "helpful_base",
      language: null,
      model: "model-a",
      response: "The capital of France is **Paris**.",
    });
    expect(records[0].externalId).toMatch(/^[0-9a-f]{16}$/);
  });

  it("pairs the same instruction across files", async () => {
    const ids = async (file: string) =>
      (await readAll(file)).flatMap((r) => (r.ok ? [r.record.externalId] : []));
    expect(await ids(ALPACA_B)).toEqual(await ids(ALPACA_A));
  });

  it("rejects wrong types and missing fields with the item index and line", async () => {
    const file = tmpFile(
      "bad.json",
      `[\n${good()},\n${good({ output: 7 })},\n${JSON.stringify({ instruction: "q", generator: "m" })},\n${good({ generator: "has space" })},\n"text"]`,
    );
    expect(await errorsOf(file)).toEqual([
      `${file}: item 1 (line 3): "output" must be a string (got a number)`,
      `${file}: item 2 (line 4): "output" is required`,
      `${file}: item 3 (line 5): "generator" must not contain spaces or control characters`,
      `${file}: item 4 (line 6): the record must be an object (got a string)`,
    ]);
  });

  it("rejects malformed JSON, empty files and blank outputs", async () => {
    const malformed = tmpFile("malformed.json", `[\n${good()},\n{"instruction": "q", "output": }\n]`);
    expect(await errorsOf(malformed)).toEqual([
      expect.stringMatching(new RegExp(`^${malformed}: item 1 \\(line 3\\): invalid JSON \\(.+\\)$`)),
    ]);
    const empty = tmpFile("empty.json", "");
    expect(await errorsOf(empty)).toEqual([`${empty}: file is empty`]);
    const emptyArray = tmpFile("empty-array.json", "[ ]");
    expect(await errorsOf(emptyArray)).toEqual([`${emptyArray}: the array is empty`]);
    const unclosed = tmpFile("unclosed.json", `[\n${good()},\n${good()}\n`);
    expect(await errorsOf(unclosed)).toEqual([
      `${unclosed}: line 4: unexpected end of file: the array is not closed with "]"`,
    ]);
    const blank = tmpFile("blank.json", `[${good({ output: "  \n" })}]`);
    expect(await errorsOf(blank)).toEqual([`${blank}: item 0 (line 1): "output" must not be empty`]);
    const object = tmpFile("object.json", good());
    expect((await errorsOf(object))[0]).toMatch(/line 1: expected a JSON array starting with "\["/);
  });
});

describe("JSONL reader", () => {
  it("reads records, skipping blank lines, with prompt_id or a hash as the key", async () => {
    const records = (await readAll(JSONL)).flatMap((r) => (r.ok ? [r.record] : []));
    expect(records.map((r) => [r.at, r.externalId, r.model, r.category, r.language])).toEqual([
      ["line 1", "greet-1", "model-a", "translation", "en"],
      ["line 2", "greet-1", "model-c", "translation", "en"],
      ["line 4", promptExternalId("¿Cuál es la capital de España?"), "model-a", null, null],
      ["line 5", promptExternalId("¿Cuál es la capital de España?"), "model-c", null, null],
    ]);
  });

  it("accepts an integer prompt_id", async () => {
    const file = tmpFile("int.jsonl", '{"prompt_id": 17, "prompt": "p", "model": "m", "response": "r"}\n');
    const [r] = await readAll(file);
    expect(r.ok && r.record.externalId).toBe("17");
  });

  it("rejects bad lines with the line number and reason", async () => {
    const file = tmpFile(
      "bad.jsonl",
      [
        '{"prompt": "p", "model": "m", "response": "r"}',
        '{"prompt": "p", "model": "m2"}',
        '{"prompt": "p", "model": "m", "response": "r"',
        '{"prompt": "p", "model": "m", "response": ["r"], "promt_id": "x"}',
        '{"prompt": "p", "model": "m", "response": "r", "language": "English"}',
        "[1, 2]",
      ].join("\n"),
    );
    const errors = await errorsOf(file);
    expect(errors).toEqual([
      `${file}: line 2: "response" is required`,
      expect.stringMatching(new RegExp(`^${file}: line 3: invalid JSON \\(.+\\)$`)),
      `${file}: line 4: "response" must be a string (got an array); unknown field "promt_id"`,
      `${file}: line 5: "language" must be a language tag such as "en" or "pt-BR"`,
      `${file}: line 6: the record must be an object (got an array)`,
    ]);
  });

  it("rejects an empty file and a missing file", async () => {
    const empty = tmpFile("empty.jsonl", "\n  \n");
    expect(await errorsOf(empty)).toEqual([`${empty}: file is empty`]);
    const missing = path.join(tmp, "nope.jsonl");
    expect((await errorsOf(missing))[0]).toMatch(new RegExp(`^${missing}: cannot read file \\(ENOENT`));
  });
});

describe("validateCorpusFiles", () => {
  it("plans corpora, models and records across files", async () => {
    const result = await validateCorpusFiles({ files: [ALPACA_A, ALPACA_B, JSONL] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.files.map((f) => [f.format, f.corpus, f.records])).toEqual([
      ["alpaca_eval", "alpaca_eval", 3],
      ["alpaca_eval", "alpaca_eval", 3],
      ["jsonl", "own-prompts", 4],
    ]);
    expect(result.plan.models).toEqual(["model-a", "model-b", "model-c"]);
    expect(result.plan.records).toBe(10);
  });

  it("puts everything in --corpus when given", async () => {
    const result = await validateCorpusFiles({ files: [ALPACA_A, JSONL], corpus: "mine" });
    expect(result.ok && result.plan.corpora).toEqual(["mine"]);
    expect(await validateCorpusFiles({ files: [ALPACA_A], corpus: " " })).toMatchObject({
      ok: false,
      errors: ["--corpus must not be empty"],
    });
  });

  it("rejects two different responses of one model to one prompt, and a prompt_id reused for another text", async () => {
    const file = tmpFile(
      "conflict.jsonl",
      [
        '{"prompt_id": "p1", "prompt": "one", "model": "m", "response": "r1"}',
        '{"prompt_id": "p1", "prompt": "one", "model": "m", "response": "r2"}',
        '{"prompt_id": "p1", "prompt": "two", "model": "n", "response": "r"}',
      ].join("\n"),
    );
    expect(await errorsOf(file)).toEqual([
      `${file} line 2: a second, different response of model "m" to prompt "p1" (first at ${file} line 1)`,
      `${file} line 3: prompt "p1" has a different text than at ${file} line 1`,
    ]);
  });

  it("imports an exact repeat once", async () => {
    const line = '{"prompt": "p", "model": "m", "response": "r"}';
    const file = tmpFile("repeat.jsonl", `${line}\n${line}\n`);
    const result = await validateCorpusFiles({ files: [file, file] });
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.plan.skip.size).toBe(3);
  });

  it("fills in language and tokens for the database rows", async () => {
    const rows = [];
    for await (const r of readCorpusFile(JSONL, "jsonl")) if (r.ok) rows.push(toImportRow(r.record));
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatchObject({ language: "es", model: "model-c", tokens: 7 });
    expect(rows[0]).toMatchObject({ language: "en", category: "translation", tokens: 2 });
  });

  it("reports every bad file of a run", async () => {
    const bad = tmpFile("bad.jsonl", '{"prompt": "p"}');
    const errors = await errorsOf(ALPACA_A, bad, path.join(tmp, "missing.json"));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/bad\.jsonl: line 1: "model" is required/);
  });
});
