import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { seededRandom } from "@/lib/testing/seeded-random";
import { db } from "./client";

/** The pool as (idx, prompt external id), in index order. */
async function pool() {
  const rows = await db.corpusDrawPool.findMany({ orderBy: { idx: "asc" }, include: { prompt: true } });
  return rows.map((r) => [r.idx, r.prompt.externalId] as const);
}

describe("corpus draw pool", () => {
  beforeEach(resetDb);

  it("holds every prompt two active models answered, densely numbered, through model and corpus changes", async () => {
    await seedSmallCorpus({ models: 3, prompts: 4 });
    expect((await pool()).map(([i]) => i)).toEqual([0, 1, 2, 3]);
    // p0 keeps a single answer: not dealable.
    const p0 = await db.corpusPrompt.findFirstOrThrow({ where: { externalId: "p0" } });
    const [keep] = await db.corpusResponse.findMany({ where: { promptId: p0.id }, orderBy: { id: "asc" } });
    await db.corpusResponse.deleteMany({ where: { promptId: p0.id, id: { not: keep.id } } });
    expect((await pool()).map(([, p]) => p).sort()).toEqual(["p1", "p2", "p3"]);
    expect((await pool()).map(([i]) => i)).toEqual([0, 1, 2]);
    // Pausing two of the three models leaves no prompt with two active answers.
    await db.model.updateMany({
      where: { slug: { in: ["model-0", "model-1"] } },
      data: { status: "paused" },
    });
    expect(await pool()).toEqual([]);
    expect(await dealCorpusBattle({ voterId: newVoterId() })).toBeNull();
    await db.model.updateMany({ data: { status: "active" } });
    expect(await pool()).toHaveLength(3);
    await db.corpus.deleteMany();
    expect(await pool()).toEqual([]);
  });

  it("deals every dealable prompt about equally often, with the pair's probability given the prompt", async () => {
    await seedSmallCorpus({ models: 4, prompts: 3 });
    const rng = seededRandom(11);
    const counts = new Map<string, number>();
    const n = 300;
    for (let k = 0; k < n; k++) {
      const battle = await dealCorpusBattle({ voterId: newVoterId(), rng });
      counts.set(battle!.prompt, (counts.get(battle!.prompt) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(["Prompt 0", "Prompt 1", "Prompt 2"]);
    for (const c of counts.values()) expect(Math.abs(c / n - 1 / 3)).toBeLessThan(0.1);
    const battles = await db.battle.findMany({ include: { messages: true } });
    expect(battles).toHaveLength(n);
    expect(battles.every((b) => Math.abs(b.pairProbability - 1 / 6) < 1e-12)).toBe(true);
    expect(battles.every((b) => b.messages.length === 3 && b.status === "ready")).toBe(true);
    expect(await db.voter.count()).toBe(n);
  });
});
