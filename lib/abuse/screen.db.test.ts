import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { db } from "@/lib/db/client";
import { recordVote } from "@/lib/db/votes";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { REASON } from "./policy";
import { screenVoter } from "./screen";

let turn = 0;
async function voteAs(voterId: string, ipHash: string | null) {
  const battle = (await dealCorpusBattle({ voterId, ipHash }))!;
  await recordVote({
    battleId: battle.id,
    voterId,
    choice: turn++ % 2 ? "left" : "right",
    facts: { ipHash, uaHash: null, uaClass: "browser" },
  });
  return battle.id;
}

describe("screenVoter", () => {
  beforeEach(resetDb);

  it("measures time to vote on the server, from the answers being complete", async () => {
    await seedSmallCorpus();
    const voterId = newVoterId();
    const battle = (await dealCorpusBattle({ voterId }))!;
    await db.battle.update({
      where: { id: battle.id },
      data: { answersCompleteAt: new Date(Date.now() - 42_000) },
    });
    await recordVote({ battleId: battle.id, voterId, choice: "left", timeToVoteMs: 999_999 });
    const v = await db.vote.findUniqueOrThrow({ where: { battleId: battle.id } });
    expect(v.serverTimeToVoteMs).toBeGreaterThanOrEqual(42_000);
    expect(v.serverTimeToVoteMs).toBeLessThan(60_000);
  });

  it("quarantines a voter who votes faster than the answers can be read, not a reader", async () => {
    await seedSmallCorpus({ prompts: 4 });
    const fast = newVoterId();
    const reader = newVoterId();
    for (let i = 0; i < 12; i++) await voteAs(fast, "ip-fast");
    for (let i = 0; i < 12; i++) await voteAs(reader, "ip-reader");
    await db.vote.updateMany({ where: { voterId: reader }, data: { serverTimeToVoteMs: 20_000 } });
    await screenVoter({ voterId: fast, ipHash: "ip-fast" });
    await screenVoter({ voterId: reader, ipHash: "ip-reader" });
    expect(
      await db.voterQuarantine.findMany({ select: { voterId: true, reason: true, source: true } }),
    ).toEqual([{ voterId: fast, reason: REASON.fast_votes, source: "auto" }]);
    expect(await db.vote.count({ where: { voterId: fast, countsForPublic: true } })).toBe(0);
  });

  it("quarantines every identity of an address that churns cookies, and leaves other addresses alone", async () => {
    await seedSmallCorpus({ prompts: 4 });
    const churned = Array.from({ length: 30 }, newVoterId);
    for (const id of churned) await voteAs(id, "ip-churn");
    const neighbour = newVoterId();
    await voteAs(neighbour, "ip-home");
    await db.vote.updateMany({ data: { serverTimeToVoteMs: 20_000 } });
    await screenVoter({ voterId: churned[29], ipHash: "ip-churn" });
    await screenVoter({ voterId: neighbour, ipHash: "ip-home" });
    const q = await db.voterQuarantine.findMany();
    expect(new Set(q.map((x) => x.voterId))).toEqual(new Set(churned));
    expect(new Set(q.map((x) => x.reason))).toEqual(new Set([REASON.identity_churn]));
    expect(await db.vote.count({ where: { countsForPublic: true } })).toBe(1);
  });

  it("suggests (does not quarantine) below the automatic threshold", async () => {
    await seedSmallCorpus({ prompts: 4 });
    const ids = Array.from({ length: 10 }, newVoterId);
    for (const id of ids) await voteAs(id, "ip-office");
    await db.vote.updateMany({ data: { serverTimeToVoteMs: 20_000 } });
    await screenVoter({ voterId: ids[9], ipHash: "ip-office" });
    expect(await db.voterQuarantine.count()).toBe(0);
    expect(await db.abuseFlag.count({ where: { detector: "identity_churn", status: "open" } })).toBe(10);
  });
});
