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
