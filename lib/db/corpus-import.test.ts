import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { db } from "./client";
import { importCorpusFiles } from "./corpora";
import { recordVote } from "./votes";

const tmp = mkdtempSync(path.join(os.tmpdir(), "corpus-import-test-"));
const write = (name: string, lines: object[]) => {
  const file = path.join(tmp, name);
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
  return file;
};
const counts = async () => ({
  corpora: await db.corpus.count(),
  prompts: await db.corpusPrompt.count(),
  responses: await db.corpusResponse.count(),
  models: await db.model.count(),
});

describe("streamed corpus import", () => {
  beforeEach(resetDb);

  it("imports an exact repeat once and keeps a prompt's first category", async () => {
    const line = { prompt_id: "p1", prompt: "p", model: "m", response: "r", category: "first" };
    const file = write("repeat.jsonl", [line, { ...line, category: "second" }, { ...line, model: "n" }]);
    const result = await importCorpusFiles({ files: [file, file] });
    if (result.status !== "ok") throw new Error(result.errors.join("\n"));
    expect(result.summary).toMatchObject({ responsesCreated: 2, duplicatesSkipped: 4, promptsCreated: 1 });
    expect(await db.corpusPrompt.findFirstOrThrow()).toMatchObject({ category: "first" });
  });

  it("finds conflicting records across the run in the database and writes nothing", async () => {
    const file = write("conflict.jsonl", [
      { prompt_id: "p1", prompt: "p", model: "m", response: "r" },
      { prompt_id: "p1", prompt: "p", model: "m", response: "other" },
      { prompt_id: "p1", prompt: "changed", model: "n", response: "r" },
      { prompt_id: "p2", prompt: "q", model: "m", response: "fine" },
    ]);
    const result = await importCorpusFiles({ files: [file] });
    expect(result).toEqual({
      status: "invalid",
      errors: [
        `${file} line 2: a second, different response of model "m" to prompt "p1" (first at ${file} line 1)`,
        `${file} line 3: prompt "p1" has a different text than at ${file} line 1`,
      ],
      errorCount: 2,
    });
    expect(await counts()).toEqual({ corpora: 0, prompts: 0, responses: 0, models: 0 });
  });

  it("writes nothing when a bad line comes after thousands of good ones", async () => {
    const good = Array.from({ length: 3000 }, (_, i) => ({
      prompt_id: `p${i >> 1}`,
      prompt: `prompt\t${i >> 1}\\ with "escapes"\nand lines`,
      model: `m${i % 2}`,
      response: `answer ${i}`,
    }));
    const file = write("late-bad.jsonl", [...good, { prompt: "p", model: "m" }]);
    const result = await importCorpusFiles({ files: [file] });
    expect(result).toMatchObject({ status: "invalid", errorCount: 1 });
    expect(await counts()).toEqual({ corpora: 0, prompts: 0, responses: 0, models: 0 });
    // The same rows without the bad line import, texts byte for byte.
    const ok = await importCorpusFiles({ files: [write("good.jsonl", good)] });
    expect(ok).toMatchObject({ status: "ok", summary: { responsesCreated: 3000, promptsCreated: 1500 } });
    const p = await db.corpusPrompt.findFirstOrThrow({ where: { externalId: "p7" } });
    expect(p.text).toBe('prompt\t7\\ with "escapes"\nand lines');
  });

  it("counts a re-import's new, unchanged and differing rows, keeping what is stored", async () => {
    const first = write("first.jsonl", [
      { prompt_id: "p1", prompt: "p", model: "m1", response: "a" },
      { prompt_id: "p1", prompt: "p", model: "m2", response: "b" },
      { prompt_id: "p2", prompt: "q", model: "m1", response: "c" },
    ]);
    expect(await importCorpusFiles({ files: [first], corpus: "c" })).toMatchObject({ status: "ok" });
    const again = write("again.jsonl", [
      { prompt_id: "p1", prompt: "p", model: "m1", response: "a" },
      { prompt_id: "p1", prompt: "p", model: "m2", response: "B" },
      { prompt_id: "p1", prompt: "p", model: "m3", response: "new" },
      { prompt_id: "p1", prompt: "p", model: "m3", response: "new" },
      { prompt_id: "p2", prompt: "q changed", model: "m1", response: "c" },
      { prompt_id: "p3", prompt: "r", model: "m1", response: "d" },
    ]);
    const result = await importCorpusFiles({ files: [again], corpus: "c" });
    expect(result).toMatchObject({
      status: "ok",
      summary: {
        promptsCreated: 1,
        promptsExisting: 2,
        promptsDiffering: 1,
        responsesCreated: 2,
        responsesUnchanged: 2,
        responsesDiffering: 1,
        duplicatesSkipped: 1,
        modelsCreated: ["m3"],
      },
    });
    const p1 = await db.corpusPrompt.findFirstOrThrow({
      where: { externalId: "p1" },
      include: { responses: true },
    });
    expect(p1.responses.map((r) => r.content).sort()).toEqual(["a", "b", "new"]);
    expect(await db.corpusPrompt.findFirstOrThrow({ where: { externalId: "p2" } })).toMatchObject({
      text: "q",
    });
    // The same file again changes nothing.
    const before = await db.corpusResponse.findMany({ orderBy: { id: "asc" } });
    const same = await importCorpusFiles({ files: [again], corpus: "c" });
    expect(same).toMatchObject({
      status: "ok",
      summary: { promptsCreated: 0, responsesCreated: 0, responsesUnchanged: 4, responsesDiffering: 1 },
    });
    expect(await db.corpusResponse.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("adds the prompts an import makes dealable to the draw pool, as a rebuild would", async () => {
    const drawPool = async () =>
      (await db.corpusDrawPool.findMany({ orderBy: { idx: "asc" }, include: { prompt: true } })).map(
        (d) => [d.idx, d.prompt.externalId] as const,
      );
    const first = write("pool-1.jsonl", [
      { prompt_id: "p1", prompt: "p", model: "m1", response: "a" },
      { prompt_id: "p1", prompt: "p", model: "m2", response: "b" },
      { prompt_id: "p2", prompt: "q", model: "m1", response: "c" },
      { prompt_id: "p3", prompt: "r", model: "m1", response: "d" },
    ]);
    await importCorpusFiles({ files: [first], corpus: "c" });
    expect(await drawPool()).toEqual([[0, "p1"]]);
    // p2 gets its second answer, p3 one from a paused model only, p4 is new with two.
    await db.model.create({
      data: { slug: "m3", displayName: "m3", providerKind: "corpus", status: "paused" },
    });
    const second = write("pool-2.jsonl", [
      { prompt_id: "p2", prompt: "q", model: "m2", response: "e" },
      { prompt_id: "p3", prompt: "r", model: "m3", response: "f" },
      { prompt_id: "p4", prompt: "s", model: "m1", response: "g" },
      { prompt_id: "p4", prompt: "s", model: "m2", response: "h" },
    ]);
    await importCorpusFiles({ files: [second], corpus: "c" });
    const added = await drawPool();
    expect(added.map(([i]) => i)).toEqual([0, 1, 2]);
    expect(added.map(([, p]) => p).sort()).toEqual(["p1", "p2", "p4"]);
    // A full rebuild (any model status change) finds the same prompts.
    await db.model.updateMany({ where: { slug: "m1" }, data: { status: "active" } });
    expect((await drawPool()).map(([, p]) => p).sort()).toEqual(["p1", "p2", "p4"]);
  });

  it("loses no vote cast while an import runs", async () => {
    await seedSmallCorpus({ models: 3 });
    const lines = Array.from({ length: 8000 }, (_, i) => ({
      prompt_id: `q${i >> 2}`,
      prompt: `question ${i >> 2}`,
      model: `im-${i % 4}`,
      response: `response ${i}`,
    }));
    const file = write("big.jsonl", lines);
    const importing = importCorpusFiles({ files: [file], corpus: "big" });
    const voted: string[] = [];
    for (let i = 0; i < 20; i++) {
      const voterId = newVoterId();
      const battle = await dealCorpusBattle({ voterId });
      const result = await recordVote({ battleId: battle!.id, voterId, choice: "left" });
      expect(result.status).toBe("ok");
      voted.push(battle!.id);
    }
    const imported = await importing;
    expect(imported).toMatchObject({ status: "ok", summary: { responsesCreated: 8000 } });
    expect(await db.vote.count({ where: { battleId: { in: voted } } })).toBe(20);
    const [agg] = await db.$queryRaw<{ n: number }[]>`
      SELECT sum(n)::int AS n FROM vote_aggregates WHERE category = 'overall'`;
    expect(agg.n).toBe(await db.vote.count());
  });
});
