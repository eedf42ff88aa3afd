import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { db } from "./client";
import { listSnapshotHistory } from "./leaderboard";
import { getModelInfo, getModelOrigin, listSampleBattles } from "./models-public";
import { recordVote } from "./votes";

describe("public model data", () => {
  beforeEach(resetDb);

  it("lists a model's counted battles from its own point of view", async () => {
    await seedSmallCorpus({ models: 2 });
    const voterId = newVoterId();
    const battle = (await dealCorpusBattle({ voterId }))!;
    await recordVote({ battleId: battle.id, voterId, choice: "left" });
    const row = await db.battle.findUniqueOrThrow({
      where: { id: battle.id },
      include: { modelA: true, modelB: true },
    });
    const winner = row.shownLeft === "a" ? row.modelA : row.modelB;
    const loser = row.shownLeft === "a" ? row.modelB : row.modelA;
    const [w] = await listSampleBattles({ slug: winner.slug });
    const [l] = await listSampleBattles({ slug: loser.slug });
    expect(w).toMatchObject({
      result: "won",
      opponent: loser.displayName,
      prompt: expect.stringMatching(/^Prompt/),
    });
    expect(l).toMatchObject({ result: "lost", opponent: winner.displayName });
    expect(await getModelInfo({ slug: "nope" })).toBeNull();
  });

  it("says where a model came from: its corpora with response counts and import dates", async () => {
    const { slugs } = await seedSmallCorpus({ models: 2, prompts: 3 });
    const other = await db.corpus.create({ data: { name: "later" } });
    const model = await db.model.findUniqueOrThrow({ where: { slug: slugs[0] } });
    const importedLater = new Date(Date.now() + 60_000);
    await db.corpusPrompt.create({
      data: {
        corpusId: other.id,
        externalId: "q",
        text: "Q",
        responses: { create: [{ modelId: model.id, content: "A", createdAt: importedLater }] },
      },
    });
    const origin = await getModelOrigin({ slug: slugs[0] });
    expect(origin).toMatchObject({ providerKind: "corpus", addedAt: model.createdAt });
    expect(origin?.corpora.map((c) => [c.name, c.responses])).toEqual([
      ["small", 3],
      ["later", 1],
    ]);
    expect(origin?.corpora[1].importedAt).toEqual(importedLater);
    // The other model was never in "later".
    expect((await getModelOrigin({ slug: slugs[1] }))?.corpora.map((c) => c.name)).toEqual(["small"]);

    const live = await db.model.create({
      data: { slug: "live-x", displayName: "Live X", providerKind: "openai_compatible" },
    });
    expect(await getModelOrigin({ slug: "live-x" })).toEqual({
      providerKind: "openai_compatible",
      addedAt: live.createdAt,
      corpora: [],
    });
    expect(await getModelOrigin({ slug: "nope" })).toBeNull();
  });

  it("reads rating history from snapshot rows, oldest first", async () => {
    for (const [i, rating] of [1010, 1020].entries()) {
      await db.leaderboardSnapshot.create({
        data: {
          category: "overall",
          kind: "plain",
          params: {},
          voteSetHash: String(i),
          codeVersion: "t",
          numVotes: 1,
          result: { rows: [{ model: "m", rating }] },
          createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
        },
      });
    }
    const h = await listSnapshotHistory({ category: "overall", kind: "plain" });
    expect(h.map((p) => p.ratings.m)).toEqual([1010, 1020]);
  });
});
