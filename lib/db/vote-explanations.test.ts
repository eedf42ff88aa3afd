import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { db } from "./client";
import { explainVote } from "./vote-explanations";
import { recordVote } from "./votes";

describe("explaining a vote after it is cast", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ models: 3 });
  });

  it("stores the voter's chips and why on their own vote, replacing an earlier explanation", async () => {
    const voterId = newVoterId();
    const battle = (await dealCorpusBattle({ voterId }))!;
    await recordVote({ battleId: battle.id, voterId, choice: "left" });
    const before = await db.vote.findUniqueOrThrow({ where: { battleId: battle.id } });
    await explainVote({
      battleId: battle.id,
      voterId,
      reasons: ["correct", "correct", "clear"],
      rationale: "A was right",
    });
    let vote = await db.vote.findUniqueOrThrow({ where: { battleId: battle.id } });
    expect(vote.reasons).toEqual(["correct", "clear"]);
    expect(vote.rationale).toBe("A was right");
    // What the fit reads is untouched.
    expect(vote.outcome).toBe(before.outcome);
    expect(vote.countsForPublic).toBe(before.countsForPublic);
    await explainVote({ battleId: battle.id, voterId, reasons: [] });
    vote = await db.vote.findUniqueOrThrow({ where: { battleId: battle.id } });
    expect(vote.reasons).toEqual([]);
    expect(vote.rationale).toBeNull();
  });

  it("refuses another voter and a battle without a vote", async () => {
    const voterId = newVoterId();
    const battle = (await dealCorpusBattle({ voterId }))!;
    await expect(explainVote({ battleId: battle.id, voterId, reasons: ["clear"] })).rejects.toMatchObject({
      code: "not_found",
    });
    await recordVote({ battleId: battle.id, voterId, choice: "right" });
    await expect(
      explainVote({ battleId: battle.id, voterId: newVoterId(), reasons: ["clear"] }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await db.vote.findUniqueOrThrow({ where: { battleId: battle.id } })).reasons).toEqual([]);
  });
});
