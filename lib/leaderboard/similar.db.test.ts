import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { db } from "@/lib/db/client";
import { readPromptCells } from "@/lib/db/similar-prompts";
import { recordVote } from "@/lib/db/votes";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { buildPromptIndex, readSimilarBoard } from "./similar-job";

describe("prompts like mine, from the database", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ models: 3 });
  });

  it("groups counted votes by prompt and ranks on the votes of the typed prompt", async () => {
    for (let i = 0; i < 12; i++) {
      const voterId = newVoterId();
      const battle = await dealCorpusBattle({ voterId });
      await recordVote({ battleId: battle!.id, voterId, choice: i % 4 === 0 ? "right" : "left" });
    }
    const docs = await readPromptCells();
    expect(docs.reduce((s, d) => s + d.cells.reduce((t, c) => t + c.count, 0), 0)).toBe(12);
    await buildPromptIndex();
    const view = await readSimilarBoard(docs[0].prompt);
    expect(view.status).toBe("ok");
    if (view.status !== "ok") return;
    expect(view.indexedVotes).toBe(12);
    expect(view.board?.topPrompts[0]).toMatchObject({ prompt: docs[0].prompt, weight: 1 });
    expect(view.board?.rows.length).toBeGreaterThan(0);
    const excluded = await db.vote.updateMany({ data: { countsForPublic: false, exclusionReason: "test" } });
    expect(excluded.count).toBe(12);
    expect(await readPromptCells()).toEqual([]);
  });
});
