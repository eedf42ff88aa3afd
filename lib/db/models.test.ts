import { beforeEach, describe, expect, it } from "vitest";
import { resetDb } from "@/lib/testing/db";
import { seedSmallCorpus } from "@/lib/testing/fixtures";
import { scriptedModels } from "@/lib/testing/live";
import { db } from "./client";
import { getLiveArenaInfo, getSamplerStats, listLiveModels, syncModels } from "./models";

const URL = "http://127.0.0.1:9/v1";

describe("model registry sync", () => {
  beforeEach(resetDb);

  it("upserts live models with their provider config and weight, never a key", async () => {
    const models = scriptedModels(URL, ["fast-a", "fast-b"], { "fast-b": 0 });
    models[0].provider = { ...models[0].provider, apiKeyEnv: "FAKE_KEY" } as (typeof models)[0]["provider"];
    const first = await syncModels({ models });
    expect(first).toEqual({ created: ["fast-a", "fast-b"], updated: [], paused: [] });
    const row = await db.model.findUniqueOrThrow({ where: { slug: "fast-a" } });
    expect(row.providerKind).toBe("openai_compatible");
    expect(row.providerConfig).toMatchObject({ baseURL: URL, model: "fast-a", apiKeyEnv: "FAKE_KEY" });
    expect(row.providerConfig).not.toHaveProperty("kind");
    expect(row.status).toBe("active");
    expect((await db.model.findUniqueOrThrow({ where: { slug: "fast-b" } })).samplingWeight).toBe(0);

    const info = await getLiveArenaInfo();
    expect(info.drawable).toBe(1);
    expect(info.options.map((o) => o.slug)).toEqual(["fast-a", "fast-b"]);
    expect(JSON.stringify(info)).not.toMatch(/baseURL|apiKeyEnv/);
  });

  it("pauses live models that left the file, keeps corpus models, and reactivates returning ones", async () => {
    await seedSmallCorpus({ models: 2 });
    await syncModels({ models: scriptedModels(URL, ["fast-a", "slow-a"]) });
    const second = await syncModels({ models: scriptedModels(URL, ["fast-a"]) });
    expect(second).toEqual({ created: [], updated: ["fast-a"], paused: ["slow-a"] });
    expect((await db.model.findUniqueOrThrow({ where: { slug: "slow-a" } })).status).toBe("paused");
    expect((await db.model.findUniqueOrThrow({ where: { slug: "model-0" } })).status).toBe("active");
    expect((await listLiveModels()).map((m) => m.slug)).toEqual(["fast-a"]);
    await syncModels({ models: scriptedModels(URL, ["fast-a", "slow-a"]) });
    expect((await db.model.findUniqueOrThrow({ where: { slug: "slow-a" } })).status).toBe("active");
  });

  it("sampler stats count public votes per pair and per model, and read ratings from the snapshot", async () => {
    await syncModels({ models: scriptedModels(URL, ["fast-a", "fast-b", "slow-a"]) });
    const [a, b] = await Promise.all(
      ["fast-a", "fast-b"].map((slug) => db.model.findUniqueOrThrow({ where: { slug } })),
    );
    const voter = await db.voter.create({ data: {} });
    for (const counts of [true, true, false]) {
      const battle = await db.battle.create({
        data: {
          mode: "anonymous",
          status: "voted",
          modelAId: counts ? a.id : b.id,
          modelBId: counts ? b.id : a.id,
          shownLeft: "a",
          samplerName: "weighted",
          samplerVersion: "1",
          pairProbability: 0.5,
          voterId: voter.id,
        },
      });
      await db.vote.create({
        data: { battleId: battle.id, voterId: voter.id, outcome: "a", countsForPublic: counts },
      });
    }
    await db.leaderboardSnapshot.create({
      data: {
        category: "overall",
        kind: "plain",
        params: {},
        voteSetHash: "h",
        codeVersion: "v",
        numVotes: 2,
        result: {
          version: 1,
          rows: [{ model: "fast-a", rating: 1100, ciLower: null, ciUpper: null, rankUb: 1, numBattles: 2 }],
          groups: [["fast-a", "fast-b"]],
          numVotes: 2,
          numExcluded: 0,
          ci: "none",
          rounds: null,
          iterations: 1,
          converged: true,
          bootstrapNonconvergedRounds: null,
        },
      },
    });
    const stats = await getSamplerStats();
    expect([...stats.pairVotes.values()]).toEqual([2]);
    expect(stats.modelVotes.get(a.id)).toBe(2);
    expect(stats.ratings.get(a.id)).toBe(1100);
    expect(stats.ratings.has(b.id)).toBe(false);
  });
});
