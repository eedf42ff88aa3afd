import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pairDataFromCounts } from "../battles";
import { aggregateBattles } from "../index";
import type { PairData } from "../pairs";
import { fixturesDir, readJsonl, toBattles } from "../test-utils";
import { DEFAULT_STYLE_FEATURES } from "./battle-parser";
import { WorkerPool } from "./pool";
import { mergeRanges, readBattleFile } from "./read-file";
import { type ReadOptions, readJsonlRange } from "./reader";
import { ObjectScanner } from "./scanner";
import { ratingsWorkerUrl } from "./worker-url";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ratings-reader-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const synthetic = path.join(fixturesDir, "synthetic_20k_style.jsonl");
const bt: ReadOptions = { features: [], ipw: false, lenient: false };

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Order-free view of aggregated counts: "a|b" (a < b by name) → [a wins, b wins, ties]. */
function countMap(pd: PairData): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (let p = 0; p < pd.nPairs; p++) {
    let a = pd.models[pd.pi[p]];
    let b = pd.models[pd.pj[p]];
    let c = [pd.count[p * 3], pd.count[p * 3 + 1], pd.count[p * 3 + 2]];
    if (a > b) {
      [a, b] = [b, a];
      c = [c[1], c[0], c[2]];
    }
    out[`${a}|${b}`] = c;
  }
  return out;
}

describe("battle file reader", () => {
  it("the byte scanner agrees with JSON.parse on the whole synthetic fixture", () => {
    const fast = readJsonlRange(synthetic, 0, fs.statSync(synthetic).size, bt);
    expect(fast.error).toBeNull();
    expect(fast.battles).toBe(20_000);
    const viaJson = pairDataFromCounts(aggregateBattles(toBattles(readJsonl(synthetic))), false);
    expect(fast.pd.models).toEqual(viaJson.models);
    expect(countMap(fast.pd)).toEqual(countMap(viaJson));
  });

  it("splitting a file into byte ranges gives the same counts, rows, model order and line numbers", () => {
    const size = fs.statSync(synthetic).size;
    const opts: ReadOptions = { features: DEFAULT_STYLE_FEATURES, ipw: false, lenient: false };
    const whole = readJsonlRange(synthetic, 0, size, opts);
    const cuts = [0, 1, 777_777, 2_000_000, size - 3, size];
    const parts = cuts.slice(1).map((end, k) => readJsonlRange(synthetic, cuts[k], end, opts));
    const merged = mergeRanges(parts, opts);
    expect(merged.lines).toBe(20_000);
    expect(merged.pd.models).toEqual(whole.pd.models);
    expect(countMap(merged.pd)).toEqual(countMap(whole.pd));
    expect(Array.from(merged.rows!.raw)).toEqual(Array.from(whole.rows!.raw));
  });

  it("reads ranges on worker threads with the same result as one thread", async () => {
    const pool = new WorkerPool(ratingsWorkerUrl(), 2);
    try {
      const opts: ReadOptions = { features: DEFAULT_STYLE_FEATURES, ipw: false, lenient: false };
      const threaded = await readBattleFile(synthetic, opts, pool, 0);
      const single = await readBattleFile(synthetic, opts, null);
      expect(threaded.lines).toBe(20_000);
      expect(threaded.pd.models).toEqual(single.pd.models);
      expect(countMap(threaded.pd)).toEqual(countMap(single.pd));
      expect(Array.from(threaded.rows!.a)).toEqual(Array.from(single.rows!.a));
    } finally {
      await pool.close();
    }
  });

  it("handles odd but valid JSON: escapes, unicode, spacing, key order, nesting, CRLF, blank lines", () => {
    const lines = [
      '{"model_a":"a\\"q","model_b":"b","winner":"model_a"}',
      ' { "winner" : "tie (bothbad)" , "model_b" : "b", "model_a": "a\\u0022q", "x": {"model_a": "zz", "y": [1, {"z": "}"}]} }\r',
      "",
      '{"model_a":"ünï","model_b":"b","winner":"model_b","n":-1.5e3,"t":true,"u":null}',
      '{"model_a":"b","model_b":"b","winner":"tie"}',
    ];
    const file = write("odd.jsonl", `${lines.join("\n")}\n`);
    const r = readJsonlRange(file, 0, fs.statSync(file).size, bt);
    expect(r.error).toBeNull();
    expect(r.lines).toBe(5);
    expect(r.battles).toBe(4);
    expect(r.pd.models).toEqual(['a"q', "b", "ünï"]);
    expect(r.pd.nSelfBattlesDropped).toBe(1);
    expect(r.pd.bothBad).toBe(1);
    expect(countMap(r.pd)).toEqual({ 'a"q|b': [1, 0, 1], "b|ünï": [1, 0, 0] });
  });

  it("names the line and the reason of a bad line, also across ranges", async () => {
    const good = '{"model_a":"a","model_b":"b","winner":"model_a"}\n';
    const cases: [string, RegExp][] = [
      ['{"model_a":"a","model_b":"b","winner":"draw"}', /line 3: unknown winner label "draw"/],
      ['{"model_a":"a","winner":"tie"}', /line 3: missing model_b/],
      ['{"model_a":"a","model_b":"b","winner":"tie"', /line 3: malformed JSON/],
      ['{"model_a":"a","model_b":"b","winner":"tie","n":01}', /line 3: malformed JSON/],
      ["[1,2]", /line 3: a battle must be a JSON object/],
    ];
    for (const [bad, message] of cases) {
      const file = write("bad.jsonl", `${good}${good}${bad}\n${good}`);
      const size = fs.statSync(file).size;
      expect(readJsonlRange(file, 0, size, bt).error?.message).toMatch(message);
      const split = mergeRanges([readJsonlRange(file, 0, 60, bt), readJsonlRange(file, 60, size, bt)], bt);
      expect(split.error?.message).toMatch(message);
      const lenient = await readBattleFile(file, { ...bt, lenient: true }, null);
      expect(lenient.error).toBeNull();
      expect(lenient.battles).toBe(3);
      expect(Object.values(lenient.skipped)).toEqual([1]);
    }
  });

  it("requires style columns with --style and sampling_probability with --ipw", () => {
    const file = write("s.jsonl", '{"model_a":"a","model_b":"b","winner":"tie","sampling_probability":0}\n');
    const size = fs.statSync(file).size;
    expect(readJsonlRange(file, 0, size, { ...bt, features: ["header_count"] }).error?.message).toMatch(
      /line 1: style columns header_count_a/,
    );
    expect(readJsonlRange(file, 0, size, { ...bt, ipw: true }).error?.message).toMatch(
      /line 1: sampling_probability must be a number in \(0, 1\]/,
    );
  });

  it("reads style features from FastChat's conv_metadata when there are no style columns", async () => {
    const rows = readJsonl(synthetic).slice(0, 300) as Record<string, number | string>[];
    // FastChat's shape: sum_assistant_a_tokens, and dicts of counts that style control sums.
    const fastchat = rows.map((r) => {
      const meta: Record<string, unknown> = {};
      for (const side of ["a", "b"]) {
        const n = (k: string) => r[`${k}_${side}`] as number;
        meta[`sum_assistant_${side}_tokens`] = n("sum_assistant_tokens");
        meta[`header_count_${side}`] = { h1: n("header_count"), h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 };
        meta[`list_count_${side}`] = { ordered: 1, unordered: n("list_count") - 1 };
        meta[`bold_count_${side}`] = { "**": n("bold_count"), __: 0 };
      }
      return { model_a: r.model_a, model_b: r.model_b, winner: r.winner, conv_metadata: meta };
    });
    const style = { ...bt, features: DEFAULT_STYLE_FEATURES };
    const columns = await readBattleFile(
      write("cols.jsonl", rows.map((x) => JSON.stringify(x)).join("\n")),
      style,
      null,
    );
    const nested = await readBattleFile(write("meta.json", JSON.stringify(fastchat)), style, null);
    expect(nested.error).toBeNull();
    expect(nested.battles).toBe(300);
    expect(nested.rows?.raw).toEqual(columns.rows?.raw);
  });

  it("streams a (pretty-printed) JSON array of battles", async () => {
    const rows = readJsonl(synthetic).slice(0, 500);
    const file = write("arr.json", JSON.stringify(rows, null, 2));
    const r = await readBattleFile(file, bt, null);
    expect(r.format).toBe("array");
    expect(r.battles).toBe(500);
    const jsonl = write("arr.jsonl", `${rows.map((x) => JSON.stringify(x)).join("\n")}\n`);
    expect(countMap(r.pd)).toEqual(countMap((await readBattleFile(jsonl, bt, null)).pd));
    const bad = write(
      "bad.json",
      '[\n {"model_a":"a","model_b":"b","winner":"model_a"},\n {"model_a":"a","winner":"x"}\n]',
    );
    expect((await readBattleFile(bad, bt, null)).error?.message).toMatch(
      /line 3 \(element 2\): missing model_b/,
    );
    const cut = write("cut.json", '[{"model_a":"a","model_b":"b","winner":"model_a"},');
    expect((await readBattleFile(cut, bt, null)).error?.message).toMatch(/unexpected end of input/);
  });

  it("parses numbers exactly like JSON.parse", () => {
    const scanner = new ObjectScanner([{ name: "v", type: "number" }]);
    for (const text of [
      "0",
      "-0",
      "12",
      "0.1",
      "0.0123",
      "1722262793.7496",
      "-3.25",
      "1e3",
      "2.5E-7",
      "123456789012345678",
    ]) {
      const bytes = new TextEncoder().encode(`{"v":${text}} `);
      expect(scanner.scan(bytes, 0, bytes.length - 1)).toBe(bytes.length - 1);
      expect(scanner.num[0]).toBe(JSON.parse(text) === 0 ? 0 : JSON.parse(text));
    }
  });
});
