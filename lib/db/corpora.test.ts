import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_CORPUS_PATH } from "@/lib/corpus/demo";
import { resetDb } from "@/lib/testing/db";
import { sharedDataPresent } from "@/lib/testing/shared-data";
import { db } from "./client";
import { getCorpusStats, importCorpusFiles, seedDemo, seedDemoIfEmpty } from "./corpora";

const FIXTURES = path.resolve(import.meta.dirname, "../corpus/__fixtures__");
const ALPACA_A = path.join(FIXTURES, "alpaca-model-a.json");
const ALPACA_B = path.join(FIXTURES, "alpaca-model-b.json");
const JSONL = path.join(FIXTURES, "own-prompts.jsonl");
const DEMO = path.join(FIXTURES, "demo-corpus.json");
const ALPACA_EVAL_DIR = path.resolve(import.meta.dirname, "../../../shared/data/alpaca_eval");

const tmp = mkdtempSync(path.join(os.tmpdir(), "corpora-db-test-"));

/** Every corpus-related row, in a stable order: equal snapshots mean nothing changed. */
async function snapshot() {
  return {
    corpora: await db.corpus.findMany({ orderBy: { name: "asc" } }),
    models: await db.model.findMany({ orderBy: { slug: "asc" } }),
    prompts: await db.corpusPrompt.findMany({ orderBy: { id: "asc" } }),
    responses: await db.corpusResponse.findMany({ orderBy: { id: "asc" } }),
  };
}

async function importOk(options: Parameters<typeof importCorpusFiles>[0]) {
  const result = await importCorpusFiles(options);
  if (result.status !== "ok") throw new Error(result.errors.join("\n"));
  return result.summary;
}

describe("corpus import", () => {
  beforeEach(resetDb);

  it("imports AlpacaEval and JSONL files into their corpora", async () => {
    const summary = await importOk({ files: [ALPACA_A, ALPACA_B, JSONL] });
    expect(summary).toMatchObject({
      files: 3,
      corporaCreated: ["alpaca_eval", "own-prompts"],
      promptsCreated: 5,
      promptsExisting: 0,
      responsesCreated: 10,
      responsesUnchanged: 0,
      responsesDiffering: 0,
      modelsCreated: ["model-a", "model-b", "model-c"],
    });
    expect(await getCorpusStats({ name: "alpaca_eval" })).toEqual({
      name: "alpaca_eval",
      prompts: 3,
      responses: 6,
      models: ["model-a", "model-b"],
    });
    expect(await getCorpusStats({ name: "own-prompts" })).toMatchObject({ prompts: 2, responses: 4 });
    expect(await getCorpusStats({ name: "nope" })).toBeNull();

    const model = await db.model.findUniqueOrThrow({ where: { slug: "model-b" } });
    expect(model).toMatchObject({
      displayName: "model-b",
      providerKind: "corpus",
      status: "active",
      providerConfig: {},
    });
    const prompt = await db.corpusPrompt.findFirstOrThrow({
      where: { text: "What is the capital of France?" },
      include: { responses: { include: { model: true } } },
    });
    expect(prompt).toMatchObject({ category: "helpful_base", language: "en" });
    expect(prompt.responses.map((r) => [r.model.slug, r.content]).sort()).toEqual([
      ["model-a", "The capital of France is **Paris**."],
      ["model-b", "Paris."],
    ]);
    expect(prompt.responses.every((r) => (r.tokens ?? 0) > 0)).toBe(true);
    const greet = await db.corpusPrompt.findFirstOrThrow({ where: { externalId: "greet-1" } });
    expect(greet).toMatchObject({ category: "translation", language: "en", text: "Say hello in French." });
  });

  it("re-importing the same files changes nothing", async () => {
    await importOk({ files: [ALPACA_A, ALPACA_B, JSONL] });
    const before = await snapshot();
    const again = await importOk({ files: [JSONL, ALPACA_B, ALPACA_A] });
    expect(again).toMatchObject({
      corporaCreated: [],
      corporaUpdated: [],
      promptsCreated: 0,
      promptsExisting: 5,
      responsesCreated: 0,
      responsesUnchanged: 10,
      responsesDiffering: 0,
      modelsCreated: [],
    });
    expect(await snapshot()).toEqual(before);
  });

  it("keeps stored responses when a re-import brings different text, and adds new ones", async () => {
    await importOk({ files: [ALPACA_A] });
    const items = JSON.parse(readFileSync(ALPACA_A, "utf8")) as { instruction: string; output: string }[];
    items[0].output = "Paris, obviously.";
    items.push({ ...items[1], instruction: "A brand new prompt?", output: "Yes." });
    const changed = path.join(tmp, "changed.json");
    writeFileSync(changed, JSON.stringify(items));
    const summary = await importOk({ files: [changed] });
    expect(summary).toMatchObject({
      promptsCreated: 1,
      promptsExisting: 3,
      responsesCreated: 1,
      responsesUnchanged: 2,
      responsesDiffering: 1,
    });
    const stored = await db.corpusResponse.findFirstOrThrow({
      where: { prompt: { text: "What is the capital of France?" } },
    });
    expect(stored.content).toBe("The capital of France is **Paris**.");
  });

  it("imports nothing when any file of the run is bad", async () => {
    const bad = path.join(tmp, "bad.jsonl");
    writeFileSync(
      bad,
      '{"prompt": "p", "model": "m", "response": "r"}\n{"prompt": "p", "model": 3, "response": "r"}\n',
    );
    const result = await importCorpusFiles({ files: [ALPACA_A, ALPACA_B, bad] });
    expect(result).toEqual({
      status: "invalid",
      errors: [`${bad}: line 2: "model" must be a string (got a number)`],
      errorCount: 1,
    });
    expect(await snapshot()).toEqual({ corpora: [], models: [], prompts: [], responses: [] });
  });

  it("names the corpus and sets its licence and description from the options", async () => {
    await importOk({ files: [ALPACA_A, JSONL], corpus: "mine", license: "CC-BY-4.0", description: "d1" });
    expect(await db.corpus.findMany({ select: { name: true, license: true, description: true } })).toEqual([
      { name: "mine", license: "CC-BY-4.0", description: "d1" },
    ]);
    expect(await getCorpusStats({ name: "mine" })).toMatchObject({ prompts: 5, responses: 7 });
    const summary = await importOk({ files: [ALPACA_A], corpus: "mine", description: "d2" });
    expect(summary.corporaUpdated).toEqual(["mine"]);
    expect(await db.corpus.findUniqueOrThrow({ where: { name: "mine" } })).toMatchObject({
      license: "CC-BY-4.0",
      description: "d2",
    });
  });

  it("serialises concurrent imports of the same files", async () => {
    const [a, b] = await Promise.all([
      importOk({ files: [ALPACA_A, ALPACA_B] }),
      importOk({ files: [ALPACA_B, ALPACA_A] }),
    ]);
    expect(a.responsesCreated + b.responsesCreated).toBe(6);
    expect(a.responsesUnchanged + b.responsesUnchanged).toBe(6);
    expect(await db.corpusResponse.count()).toBe(6);
  });

  it("imports two real AlpacaEval files (805 prompts) when ../shared/data is present", async () => {
    if (!sharedDataPresent(ALPACA_EVAL_DIR, "the AlpacaEval import test")) return;
    const files = ["gpt4_1106_preview.json", "alpaca-7b.json"].map((f) => path.join(ALPACA_EVAL_DIR, f));
    const summary = await importOk({ files });
    expect(summary).toMatchObject({ promptsCreated: 805, responsesCreated: 1610 });
    expect(summary.importMs).toBeLessThan(15_000);
    expect(await getCorpusStats({ name: "alpaca_eval" })).toEqual({
      name: "alpaca_eval",
      prompts: 805,
      responses: 1610,
      models: ["alpaca-7b", "gpt4_1106_preview"],
    });
    expect((await importOk({ files })).responsesUnchanged).toBe(1610);
  });
});

describe("demo seed", () => {
  beforeEach(resetDb);

  it("creates the corpus, models with organisation and licence, prompts and responses, once", async () => {
    const first = await seedDemo({ file: DEMO });
    expect(first).toMatchObject({
      corporaCreated: ["demo"],
      promptsCreated: 2,
      responsesCreated: 3,
      modelsCreated: ["demo-a", "demo-b"],
    });
    expect(await db.model.findUniqueOrThrow({ where: { slug: "demo-b" } })).toMatchObject({
      displayName: "Demo B",
      organization: "Org B",
      license: "Apache-2.0",
      openWeights: false,
      providerKind: "corpus",
    });
    expect(await db.corpus.findUniqueOrThrow({ where: { name: "demo" } })).toMatchObject({
      description: "A tiny demo",
      license: "CC0-1.0",
    });
    const before = await snapshot();
    const second = await seedDemo({ file: DEMO });
    expect(second).toMatchObject({
      corporaCreated: [],
      promptsCreated: 0,
      responsesCreated: 0,
      modelsCreated: [],
    });
    expect(second.responsesUnchanged).toBe(3);
    expect(await snapshot()).toEqual(before);
  });

  it("seedDemoIfEmpty seeds a fresh database only", async () => {
    expect(await seedDemoIfEmpty({ file: DEMO })).toEqual({ prompts: 2, responses: 3, models: 2 });
    expect(await seedDemoIfEmpty({ file: DEMO })).toBeNull();
    await resetDb();
    await importOk({ files: [ALPACA_A] });
    expect(await seedDemoIfEmpty({ file: DEMO })).toBeNull();
    expect(await db.corpus.count()).toBe(1);
  });

  it.runIf(existsSync(DEMO_CORPUS_PATH))(
    "seeds the committed prisma/demo/corpus.json idempotently",
    async () => {
      const first = await seedDemo();
      expect(first.responsesCreated).toBeGreaterThan(0);
      const second = await seedDemo();
      expect(second.responsesCreated + second.promptsCreated + second.modelsCreated.length).toBe(0);
      expect(second.importMs).toBeLessThan(1000);
    },
  );
});
