import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { outcomeFor } from "@/lib/arena/sides";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { AppError } from "@/lib/errors";
import { measureBattle } from "@/lib/export/as-seen";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { getBattleForVoter } from "./battles";
import { db } from "./client";
import { recordVote } from "./votes";

async function dealBattle(voterId = newVoterId()) {
  const battle = await dealCorpusBattle({ voterId });
  if (!battle) throw new Error("expected a battle");
  return { battle, voterId };
}

describe("corpus battles", () => {
  beforeEach(resetDb);

  it("returns null when there is no corpus", async () => {
    expect(await dealCorpusBattle({ voterId: newVoterId() })).toBeNull();
  });

  it("records the pair, the side shown left and the pair probability, and hides identities", async () => {
    await seedSmallCorpus({ models: 3 });
    const { battle, voterId } = await dealBattle();
    expect(JSON.stringify(battle)).not.toMatch(/model-\d/);
    const row = await db.battle.findUniqueOrThrow({ where: { id: battle.id }, include: { messages: true } });
    expect(row.mode).toBe("corpus");
    expect(row.modelAId).not.toBe(row.modelBId);
    expect(row.pairProbability).toBeCloseTo(1 / 3, 12);
    expect(row.samplerName).toBe("corpus-uniform");
    expect(row.categoryTags).toEqual(["corpus:small", "lang:en"]);
    expect(row.messages).toHaveLength(3);
    const left = row.messages.find((m) => m.side === row.shownLeft)!;
    expect(battle.left.content).toBe(left.content);
    const view = await getBattleForVoter({ id: battle.id, voterId });
    expect(view?.reveal).toBeNull();
    expect(await getBattleForVoter({ id: battle.id, voterId: newVoterId() })).toBeNull();
  });

  it("skips paused models", async () => {
    await seedSmallCorpus({ models: 3 });
    await db.model.update({ where: { slug: "model-2" }, data: { status: "paused" } });
    const paused = await db.model.findUniqueOrThrow({ where: { slug: "model-2" } });
    for (let i = 0; i < 10; i++) {
      const { battle } = await dealBattle();
      const row = await db.battle.findUniqueOrThrow({ where: { id: battle.id } });
      expect([row.modelAId, row.modelBId]).not.toContain(paused.id);
      expect(row.pairProbability).toBe(1);
    }
  });
});

describe("recordVote", () => {
  beforeEach(resetDb);

  it("maps the screen side to the model and reveals names after the vote", async () => {
    await seedSmallCorpus();
    const { battle, voterId } = await dealBattle();
    const res = await recordVote({ battleId: battle.id, voterId, choice: "left", timeToVoteMs: 1234 });
    expect(res.status).toBe("ok");
    const row = await db.battle.findUniqueOrThrow({
      where: { id: battle.id },
      include: { vote: true, modelA: true, modelB: true },
    });
    expect(row.status).toBe("voted");
    expect(row.vote?.outcome).toBe(row.shownLeft);
    expect(row.vote?.timeToVoteMs).toBe(1234);
    expect(row.vote?.countsForPublic).toBe(true);
    const leftModel = row.shownLeft === "a" ? row.modelA : row.modelB;
    expect(res.reveal.left.slug).toBe(leftModel.slug);
    expect(res.reveal.choice).toBe("left");
    expect((await getBattleForVoter({ id: battle.id, voterId }))?.reveal?.left.slug).toBe(leftModel.slug);
  });

  it("keeps the first of two sequential votes and says the second was already counted", async () => {
    await seedSmallCorpus();
    const { battle, voterId } = await dealBattle();
    await recordVote({ battleId: battle.id, voterId, choice: "tie" });
    const second = await recordVote({ battleId: battle.id, voterId, choice: "right" });
    expect(second.status).toBe("already_voted");
    expect(second.reveal.choice).toBe("tie");
    expect(await db.vote.count()).toBe(1);
  });

  it("20 concurrent votes on one battle store exactly one", async () => {
    await seedSmallCorpus();
    const { battle, voterId } = await dealBattle();
    const choices = ["left", "right", "tie", "both_bad"] as const;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordVote({ battleId: battle.id, voterId, choice: choices[i % 4] }),
      ),
    );
    expect(results.filter((r) => r.status === "ok")).toHaveLength(1);
    expect(results.filter((r) => r.status === "already_voted")).toHaveLength(19);
    expect(await db.vote.count()).toBe(1);
    const stored = await db.vote.findFirstOrThrow();
    const winner = results.find((r) => r.status === "ok")!;
    for (const r of results) expect(r.reveal.choice).toBe(winner.reveal.choice);
    expect(stored.battleId).toBe(battle.id);
  });

  it("refuses unknown battles and battles dealt to someone else, writing nothing", async () => {
    await seedSmallCorpus();
    const { battle } = await dealBattle();
    await expect(
      recordVote({ battleId: randomUUID(), voterId: newVoterId(), choice: "left" }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    const err = await recordVote({ battleId: battle.id, voterId: newVoterId(), choice: "left" }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("forbidden");
    expect(await db.vote.count()).toBe(0);
  });

  it("records but excludes votes on battles with identity leaks and from quarantined voters", async () => {
    await seedSmallCorpus();
    const leaked = await dealBattle();
    await db.battle.update({
      where: { id: leaked.battle.id },
      data: { leakFlags: [{ side: "a", term: "Claude" }] },
    });
    const r1 = await recordVote({ battleId: leaked.battle.id, voterId: leaked.voterId, choice: "left" });
    expect(r1.reveal.countsForPublic).toBe(false);
    expect(r1.reveal.exclusionReason).toMatch(/identity/);

    const q = await dealBattle();
    await db.voter.update({ where: { id: q.voterId }, data: { quarantined: true } });
    const r2 = await recordVote({ battleId: q.battle.id, voterId: q.voterId, choice: "right" });
    expect(r2.reveal.countsForPublic).toBe(false);
    expect(await db.vote.count({ where: { countsForPublic: false } })).toBe(2);
  });

  it("refuses votes on errored battles", async () => {
    await seedSmallCorpus();
    const { battle, voterId } = await dealBattle();
    await db.battle.update({ where: { id: battle.id }, data: { status: "errored" } });
    await expect(recordVote({ battleId: battle.id, voterId, choice: "left" })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await db.vote.count()).toBe(0);
  });
});

describe("recordVote on a corpus battle (one statement, measured at the deal)", () => {
  beforeEach(resetDb);

  it("stores exactly what the general path measures from the stored messages", async () => {
    await seedSmallCorpus({ models: 3, prompts: 3 });
    for (const choice of ["left", "right", "tie", "both_bad"] as const) {
      const { battle, voterId } = await dealBattle();
      const row = await db.battle.findUniqueOrThrow({
        where: { id: battle.id },
        include: { messages: true },
      });
      expect(row.dealtConvMetadata).not.toBeNull();
      const result = await recordVote({ battleId: battle.id, voterId, choice });
      expect(result.status).toBe("ok");
      expect(result.reveal.choice).toBe(choice);
      const seen = measureBattle(
        row.messages.map((m) => ({ ...m, side: m.side as "a" | "b" | null })),
        row.shownLeft as "a" | "b",
      );
      const [stored] = await db.$queryRaw<{ style: unknown; conv: string; outcome: string }[]>`
        SELECT style_features AS style, conv_metadata::text AS conv, outcome::text FROM votes WHERE battle_id = ${battle.id}::uuid`;
      expect(stored.style).toEqual(seen.style);
      expect(stored.conv).toBe(seen.convMetadata);
      expect(stored.outcome).toBe(outcomeFor(choice, row.shownLeft as "a" | "b"));
    }
  });

  it("a battle dealt before the measures were kept takes the general path and stores the same", async () => {
    await seedSmallCorpus();
    const { battle, voterId } = await dealBattle();
    const before = await db.battle.findUniqueOrThrow({ where: { id: battle.id } });
    await db.$executeRaw`UPDATE battles SET dealt_style_features = NULL, dealt_conv_metadata = NULL WHERE id = ${battle.id}::uuid`;
    expect((await recordVote({ battleId: battle.id, voterId, choice: "left" })).status).toBe("ok");
    const [stored] = await db.$queryRaw<{ style: unknown; conv: string }[]>`
      SELECT style_features AS style, conv_metadata::text AS conv FROM votes WHERE battle_id = ${battle.id}::uuid`;
    expect(stored.style).toEqual(before.dealtStyleFeatures);
    expect(JSON.parse(stored.conv)).toEqual(before.dealtConvMetadata);
  });

  it("a message added past the dealt ones voids the deal measures: the vote measures what is stored", async () => {
    await seedSmallCorpus();
    const { battle, voterId } = await dealBattle();
    await db.battle.update({
      where: { id: battle.id },
      data: { answersCompleteAt: new Date(Date.now() - 7_000) },
    });
    // A second turn (nothing in the app adds one to a corpus battle; this is the guard).
    await db.message.createMany({
      data: [
        { battleId: battle.id, turn: 1, side: null, role: "user", content: "And in French?" },
        { battleId: battle.id, turn: 1, side: "a", role: "assistant", content: "Bonjour." },
        { battleId: battle.id, turn: 1, side: "b", role: "assistant", content: "Salut, ça va ?" },
      ],
    });
    const row = await db.battle.findUniqueOrThrow({ where: { id: battle.id }, include: { messages: true } });
    expect(row.dealtConvMetadata).toBeNull();
    expect(row.dealtStyleFeatures).toBeNull();
    expect((await recordVote({ battleId: battle.id, voterId, choice: "right" })).status).toBe("ok");
    const seen = measureBattle(
      row.messages.map((m) => ({ ...m, side: m.side as "a" | "b" | null })),
      row.shownLeft as "a" | "b",
    );
    const [stored] = await db.$queryRaw<{ conv: string; server_ms: number }[]>`
      SELECT conv_metadata::text AS conv, server_time_to_vote_ms AS server_ms FROM votes WHERE battle_id = ${battle.id}::uuid`;
    expect(JSON.parse(stored.conv)).toMatchObject({ turns: 2 });
    expect(stored.conv).toBe(seen.convMetadata);
    expect(stored.server_ms).toBeGreaterThanOrEqual(7_000);
  });

  it("measures the time to vote on the server, as the trigger does for every other vote", async () => {
    await seedSmallCorpus();
    const { battle, voterId } = await dealBattle();
    await db.battle.update({
      where: { id: battle.id },
      data: { answersCompleteAt: new Date(Date.now() - 42_000) },
    });
    await recordVote({ battleId: battle.id, voterId, choice: "tie" });
    const vote = await db.vote.findUniqueOrThrow({ where: { battleId: battle.id } });
    expect(vote.serverTimeToVoteMs).toBeGreaterThanOrEqual(42_000);
    expect(vote.serverTimeToVoteMs).toBeLessThan(60_000);
  });
});
