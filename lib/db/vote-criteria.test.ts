import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { getArenaSettings, setArenaCriteria } from "./arena-settings";
import { db } from "./client";
import { listVoteCriteria, rateCriteria } from "./vote-criteria";
import { recordVote } from "./votes";

async function votedBattle(voterId = newVoterId()) {
  const battle = (await dealCorpusBattle({ voterId }))!;
  await recordVote({ battleId: battle.id, voterId, choice: "left" });
  const { shownLeft } = await db.battle.findUniqueOrThrow({ where: { id: battle.id } });
  return { battleId: battle.id, voterId, shownLeft };
}

describe("per-criterion votes after the vote", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ models: 3 });
  });

  it("are off until a maintainer switches them on for the arena, per arena", async () => {
    expect((await getArenaSettings()).corpus.criteriaEnabled).toBe(false);
    const { battleId, voterId } = await votedBattle();
    await expect(rateCriteria({ battleId, voterId, answers: { style: "left" } })).rejects.toMatchObject({
      code: "forbidden",
    });
    await setArenaCriteria({ arena: "live", enabled: true, actor: "m" });
    await expect(rateCriteria({ battleId, voterId, answers: { style: "left" } })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await listVoteCriteria({ battleId })).toEqual([]);
    await setArenaCriteria({ arena: "corpus", enabled: true, actor: "m" });
    const s = await getArenaSettings();
    expect([s.corpus.criteriaEnabled, s.live.criteriaEnabled, s.corpus.updatedBy]).toEqual([true, true, "m"]);
  });

  it("stores screen answers as stored sides, with the main vote untouched", async () => {
    await setArenaCriteria({ arena: "corpus", enabled: true, actor: "m" });
    const { battleId, voterId, shownLeft } = await votedBattle();
    const before = await db.vote.findUniqueOrThrow({ where: { battleId } });
    const res = await rateCriteria({
      battleId,
      voterId,
      answers: { style: "left", correctness: "right", helpfulness: "tie" },
    });
    expect(res.saved.sort()).toEqual(["correctness", "helpfulness", "style"]);
    const right = shownLeft === "a" ? "b" : "a";
    expect(await listVoteCriteria({ battleId })).toEqual([
      { criterion: "correctness", outcome: right },
      { criterion: "helpfulness", outcome: "tie" },
      { criterion: "style", outcome: shownLeft },
    ]);
    const after = await db.vote.findUniqueOrThrow({ where: { battleId } });
    expect([after.outcome, after.countsForPublic]).toEqual([before.outcome, before.countsForPublic]);
  });

  it("refuses another voter's vote, a battle without a vote, and a second answer to a criterion", async () => {
    await setArenaCriteria({ arena: "corpus", enabled: true, actor: "m" });
    const voterId = newVoterId();
    const unvoted = (await dealCorpusBattle({ voterId }))!;
    await expect(
      rateCriteria({ battleId: unvoted.id, voterId, answers: { style: "left" } }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      rateCriteria({ battleId: "00000000-0000-4000-8000-000000000000", voterId, answers: { style: "left" } }),
    ).rejects.toMatchObject({ code: "not_found" });
    const { battleId } = await votedBattle(voterId);
    await expect(
      rateCriteria({ battleId, voterId: newVoterId(), answers: { style: "left" } }),
    ).rejects.toMatchObject({ code: "not_found" });
    await rateCriteria({ battleId, voterId, answers: { style: "left" } });
    // A double submission, even mixed with a new criterion, stores nothing new.
    await expect(
      rateCriteria({ battleId, voterId, answers: { style: "right", correctness: "tie" } }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect((await listVoteCriteria({ battleId })).map((r) => r.criterion)).toEqual(["style"]);
    // Two racing submissions of the same criterion: exactly one wins.
    const results = await Promise.allSettled([
      rateCriteria({ battleId, voterId, answers: { helpfulness: "left" } }),
      rateCriteria({ battleId, voterId, answers: { helpfulness: "right" } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await listVoteCriteria({ battleId })).toHaveLength(2);
  });
});
