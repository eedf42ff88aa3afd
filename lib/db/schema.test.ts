import { beforeEach, describe, expect, it } from "vitest";
import { resetDb } from "@/lib/testing/db";
import { TEST_DATABASE_URL } from "@/lib/testing/db-url";
import { db } from "./client";
import { listMigrations, migrate } from "./migrate";

// The migrations are hand-written SQL; this proves they match prisma/schema.prisma
// by writing and reading every model through the generated client.
describe("schema and migrations", () => {
  beforeEach(resetDb);

  it("re-running the migrator applies nothing and records every migration", async () => {
    const result = await migrate(TEST_DATABASE_URL);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe(listMigrations().length);
  });

  it("round-trips every model through the Prisma client", async () => {
    const [a, b] = await Promise.all(
      ["m-a", "m-b"].map((slug) =>
        db.model.create({
          data: { slug, displayName: slug, providerKind: "corpus", providerConfig: { apiKeyEnv: "X_KEY" } },
        }),
      ),
    );
    const corpus = await db.corpus.create({ data: { name: "c", license: "CC0-1.0" } });
    const prompt = await db.corpusPrompt.create({
      data: { corpusId: corpus.id, externalId: "p1", text: "hi", category: "code", language: "en" },
    });
    await db.corpusResponse.createMany({
      data: [
        { promptId: prompt.id, modelId: a.id, content: "x", tokens: 1 },
        { promptId: prompt.id, modelId: b.id, content: "y", tokens: 2 },
      ],
    });
    // The draw pool follows the responses (a trigger): the prompt now has two answers.
    expect(await db.corpusDrawPool.findMany({ select: { idx: true, promptId: true } })).toEqual([
      { idx: 0, promptId: prompt.id },
    ]);
    const voter = await db.voter.create({ data: {} });
    const battle = await db.battle.create({
      data: {
        mode: "corpus",
        modelAId: a.id,
        modelBId: b.id,
        shownLeft: "b",
        corpusPromptId: prompt.id,
        samplerName: "uniform",
        samplerVersion: "1",
        pairProbability: 1,
        voterId: voter.id,
        categoryTags: ["code", "lang:en"],
        leakFlags: [{ side: "a", term: "GPT" }],
        messages: { create: [{ side: null, turn: 0, role: "user", content: "hi" }] },
      },
    });
    await db.vote.create({
      data: {
        battleId: battle.id,
        voterId: voter.id,
        outcome: "both_bad",
        countsForPublic: false,
        reasons: ["r"],
      },
    });
    await db.leaderboardSnapshot.create({
      data: {
        category: "overall",
        kind: "plain",
        params: {},
        voteSetHash: "h",
        codeVersion: "v",
        numVotes: 1,
        result: {},
      },
    });

    // A regenerated battle points at its parent; answers are unique per (turn, side, attempt).
    const child = await db.battle.create({
      data: {
        mode: "anonymous",
        modelAId: a.id,
        modelBId: b.id,
        shownLeft: "a",
        samplerName: "regenerate",
        samplerVersion: "1",
        pairProbability: 1,
        voterId: voter.id,
        parentBattleId: battle.id,
        messages: {
          create: [
            { side: null, turn: 0, role: "user", content: "hi" },
            { side: "a", turn: 0, attempt: 0, role: "assistant", content: "x", latencyMs: 5 },
            { side: "a", turn: 0, attempt: 1, role: "assistant", content: "y", finishReason: "stopped" },
          ],
        },
      },
    });
    await expect(
      db.message.create({
        data: { battleId: child.id, side: "a", turn: 0, attempt: 1, role: "assistant", content: "dup" },
      }),
    ).rejects.toThrow();
    const withParent = await db.battle.findUniqueOrThrow({
      where: { id: child.id },
      include: { parentBattle: true, messages: true },
    });
    expect(withParent.parentBattle?.id).toBe(battle.id);
    // Battles get increasing integer numbers from the database (the Kaggle format's id).
    expect(typeof battle.number).toBe("bigint");
    expect(withParent.number).toBeGreaterThan(battle.number);
    expect(withParent.messages).toHaveLength(3);
    expect(
      (await db.battle.findUniqueOrThrow({ where: { id: battle.id }, include: { regenerations: true } }))
        .regenerations,
    ).toHaveLength(1);

    const loaded = await db.battle.findUniqueOrThrow({
      where: { id: battle.id },
      include: { vote: true, messages: true, corpusPrompt: { include: { responses: true } }, modelA: true },
    });
    expect(loaded.vote?.outcome).toBe("both_bad");
    expect(loaded.vote?.reasons).toEqual(["r"]);
    expect(loaded.messages).toHaveLength(1);
    expect(loaded.corpusPrompt?.responses).toHaveLength(2);
    expect(loaded.modelA.providerConfig).toEqual({ apiKeyEnv: "X_KEY" });
    expect(loaded.categoryTags).toEqual(["code", "lang:en"]);
    expect(await db.leaderboardSnapshot.count()).toBe(1);
    await db.leaderboardRecomputeState.create({
      data: { votesUntil: new Date(), votesVersion: "v", finishedAt: new Date(), durationMs: 3 },
    });
    await expect(
      db.leaderboardRecomputeState.create({
        data: { id: 2, votesUntil: new Date(), votesVersion: "v", finishedAt: new Date(), durationMs: 3 },
      }),
    ).rejects.toThrow();

    await expect(
      db.vote.create({
        data: { battleId: battle.id, voterId: voter.id, outcome: "a", countsForPublic: true },
      }),
    ).rejects.toThrow();
    await db.corpus.delete({ where: { id: corpus.id } });
    expect(await db.corpusResponse.count()).toBe(0);
    expect((await db.battle.findUniqueOrThrow({ where: { id: battle.id } })).corpusPromptId).toBeNull();
    // Deleting the parent keeps the regenerated battle (its link is cleared).
    await db.battle.delete({ where: { id: battle.id } });
    expect((await db.battle.findUniqueOrThrow({ where: { id: child.id } })).parentBattleId).toBeNull();
  });

  it("round-trips accounts, roles, the guest link, model sources and the audit log", async () => {
    const user = await db.user.create({
      data: {
        email: "a@example.com",
        role: "maintainer",
        passwordHash: "$2b$11$x",
        accounts: {
          create: { type: "oauth", provider: "github", providerAccountId: "42", access_token: "t" },
        },
        sessions: { create: { sessionToken: "s1", expires: new Date(Date.now() + 1000) } },
      },
    });
    const voter = await db.voter.create({ data: { userId: user.id } });
    await db.verificationToken.create({
      data: { identifier: "a@example.com", token: "v", expires: new Date() },
    });
    await db.auditEvent.create({
      data: {
        actorId: user.id,
        actorLabel: "a@example.com",
        action: "model.edit",
        target: "m",
        details: { w: 2 },
      },
    });
    const model = await db.model.create({ data: { slug: "c", displayName: "c", providerKind: "corpus" } });
    expect(model.source).toBe("console");
    const loaded = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      include: { accounts: true, sessions: true, voters: true },
    });
    expect(loaded).toMatchObject({ role: "maintainer", sessionVersion: 0 });
    expect(loaded.accounts[0].provider).toBe("github");
    expect(loaded.sessions).toHaveLength(1);
    expect(loaded.voters.map((v) => v.id)).toEqual([voter.id]);
    expect((await db.auditEvent.findFirstOrThrow()).details).toEqual({ w: 2 });
    await expect(db.user.create({ data: { email: "a@example.com" } })).rejects.toThrow();
    // Deleting an account's user keeps the voter (and its votes), unlinked.
    await db.user.delete({ where: { id: user.id } });
    expect((await db.voter.findUniqueOrThrow({ where: { id: voter.id } })).userId).toBeNull();
    expect(await db.account.count()).toBe(0);
  });
});
