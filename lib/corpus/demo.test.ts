import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_CORPUS_PATH, DemoCorpusError, demoImport, readDemoCorpus } from "./demo";

const tmp = mkdtempSync(path.join(os.tmpdir(), "corpus-demo-test-"));

const FIXTURE = path.resolve(import.meta.dirname, "__fixtures__/demo-corpus.json");
const SAMPLE_DEMO = JSON.parse(readFileSync(FIXTURE, "utf8")) as {
  models: { slug: string }[];
  prompts: { prompt: unknown; responses: Record<string, unknown> }[];
};

function write(value: unknown): string {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

describe("demo corpus", () => {
  it("turns the file into a corpus, models with organisation/licence, and rows", async () => {
    const demo = await readDemoCorpus(FIXTURE);
    const { corpus, models, rows } = demoImport(demo, "test");
    expect(corpus).toEqual({ name: "demo", description: "A tiny demo", license: "CC0-1.0", source: "test" });
    expect(models[0]).toEqual({
      slug: "demo-a",
      displayName: "Demo A",
      organization: "Org A",
      license: "MIT",
    });
    expect(rows.map((r) => [r.externalId, r.model, r.category, r.language])).toEqual([
      ["p1", "demo-a", "coding", "en"],
      ["p1", "demo-b", "coding", "en"],
      ["p2", "demo-a", null, "fr"],
    ]);
    expect(rows.every((r) => r.tokens > 0)).toBe(true);
  });

  it("lists every problem with its path", async () => {
    const bad = structuredClone(SAMPLE_DEMO);
    bad.models[1].slug = "demo-a";
    bad.prompts[0].responses["demo-z"] = "x";
    bad.prompts[1].prompt = 3;
    const file = write(bad);
    const error = await readDemoCorpus(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoCorpusError);
    expect((error as Error).message.split("\n")).toEqual([
      `${file}: "prompts[1].prompt" must be a string (got a number)`,
    ]);
    bad.prompts[1].prompt = "fine";
    const error2 = await readDemoCorpus(write(bad)).catch((e: unknown) => e);
    expect((error2 as Error).message).toContain('"models[1].slug" is a duplicate');
    expect((error2 as Error).message).toContain('"prompts[0].responses.demo-z" is not a listed model');
  });

  it("reports a missing file and invalid JSON", async () => {
    await expect(readDemoCorpus(path.join(tmp, "none.json"))).rejects.toThrow(/cannot read file/);
    await expect(readDemoCorpus(write("{ nope"))).rejects.toThrow(/invalid JSON/);
  });

  it.runIf(existsSync(DEMO_CORPUS_PATH))("accepts the committed prisma/demo/corpus.json", async () => {
    const demo = await readDemoCorpus();
    expect(demo.models.length).toBeGreaterThanOrEqual(2);
  });
});
