import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { dismissAbuseFlag, listAbuseFlags, suggestQuarantine } from "./abuse-flags";
import { db } from "./client";
import { getActiveQuarantine, listQuarantines, quarantineVoter, releaseVoter } from "./quarantine";
import { recordVote } from "./votes";

async function vote(voterId: string, choice: "left" | "right" = "left") {
  const battle = await dealCorpusBattle({ voterId });
  if (!battle) throw new Error("expected a battle");
  await recordVote({ battleId: battle.id, voterId, choice });
  return battle.id;
}

/** The trigger-kept aggregates must equal a count over the votes themselves. */
async function expectAggregatesExact() {
  const agg = await db.$queryRaw<{ counted: boolean; n: number }[]>`
    SELECT counted, sum(n)::int AS n FROM vote_aggregates WHERE category = 'overall' GROUP BY counted`;
  const raw = await db.$queryRaw<{ counted: boolean; n: number }[]>`
    SELECT counts_for_public AS counted, count(*)::int AS n FROM votes GROUP BY 1`;
  const asMap = (rows: { counted: boolean; n: number }[]) =>
    Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [String(r.counted), r.n]));
  expect(asMap(agg)).toEqual(asMap(raw));
}

async function exclusionCounts(): Promise<Record<string, number>> {
  const rows = await db.voteExclusionCount.findMany({ where: { category: "overall", n: { gt: 0 } } });
  return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
}

describe("quarantineVoter / releaseVoter", () => {
  beforeEach(resetDb);

  it("excludes past votes, keeps aggregates exact, and release restores exactly those", async () => {
    await seedSmallCorpus();
    const bad = newVoterId();
    const honest = newVoterId();
    for (let i = 0; i < 3; i++) await vote(bad);
    await vote(honest);
    // A vote of the same voter excluded for another reason must stay excluded after release.
    const leaked = await dealCorpusBattle({ voterId: bad });
    await db.battle.update({ where: { id: leaked!.id }, data: { leakFlags: [{ side: "a", term: "x" }] } });
    await recordVote({ battleId: leaked!.id, voterId: bad, choice: "right" });
    const leakReason = "a model's identity was revealed in the battle";
    expect(await exclusionCounts()).toEqual({ [leakReason]: 1 });

    const q = await quarantineVoter({
      voterId: bad,
      reason: "fast votes",
      source: "maintainer",
      actor: "ann",
    });
    expect(q).toMatchObject({ status: "quarantined", votesExcluded: 3 });
    expect(await db.vote.count({ where: { voterId: bad, countsForPublic: true } })).toBe(0);
    expect(await db.vote.count({ where: { voterId: honest, countsForPublic: true } })).toBe(1);
    expect(await exclusionCounts()).toEqual({ [leakReason]: 1, "voter quarantined: fast votes": 3 });
    await expectAggregatesExact();
    const voter = await db.voter.findUniqueOrThrow({ where: { id: bad } });
    expect(voter).toMatchObject({ quarantined: true, quarantineReason: "fast votes" });
    expect((await listQuarantines({ active: true }))[0]).toMatchObject({
      voterId: bad,
      reason: "fast votes",
      source: "maintainer",
      actor: "ann",
      votes: 3,
    });

    const r = await releaseVoter({ voterId: bad, actor: "bob", note: "false alarm" });
    expect(r).toMatchObject({ status: "released", votesRestored: 3 });
    expect(await db.vote.count({ where: { voterId: bad, countsForPublic: true } })).toBe(3);
    const leakedVote = await db.vote.findUniqueOrThrow({ where: { battleId: leaked!.id } });
    expect(leakedVote).toMatchObject({ countsForPublic: false, exclusionReason: leakReason });
    expect(await exclusionCounts()).toEqual({ [leakReason]: 1 });
    await expectAggregatesExact();
    expect(await getActiveQuarantine({ voterId: bad })).toBeNull();
    expect((await db.voter.findUniqueOrThrow({ where: { id: bad } })).quarantined).toBe(false);
    expect((await listQuarantines({ active: false }))[0]).toMatchObject({ releasedBy: "bob", votes: 3 });
  });

  it("excludes votes cast while quarantined, whatever wrote them, and restores them on release", async () => {
    await seedSmallCorpus();
    const voterId = newVoterId();
    await vote(voterId);
    await quarantineVoter({ voterId, reason: "burst of votes", source: "auto", actor: "burst" });
    const during = await vote(voterId, "right");
    const row = await db.vote.findUniqueOrThrow({ where: { battleId: during } });
    expect(row).toMatchObject({
      countsForPublic: false,
      exclusionReason: "voter quarantined: burst of votes",
    });
    await expectAggregatesExact();
    expect(await releaseVoter({ voterId })).toMatchObject({ votesRestored: 2 });
    expect(await db.vote.count({ where: { voterId, countsForPublic: true } })).toBe(2);
    await expectAggregatesExact();
  });

  it("is idempotent, and a second quarantine after release is a new record", async () => {
    await seedSmallCorpus();
    const voterId = newVoterId();
    await vote(voterId);
    const first = await quarantineVoter({ voterId, reason: "a", source: "auto" });
    const again = await quarantineVoter({ voterId, reason: "b", source: "maintainer" });
    expect(again).toEqual({
      status: "already_quarantined",
      quarantineId: first.quarantineId,
      votesExcluded: 0,
    });
    expect(await releaseVoter({ voterId })).toMatchObject({ status: "released" });
    expect(await releaseVoter({ voterId })).toEqual({ status: "not_quarantined" });
    const second = await quarantineVoter({ voterId, reason: "c", source: "maintainer" });
    expect(second).toMatchObject({ status: "quarantined", votesExcluded: 1 });
    expect(second.quarantineId).not.toBe(first.quarantineId);
    expect(await db.voterQuarantine.count()).toBe(2);
  });

  it("refuses bad input and unknown voters, writing nothing", async () => {
    await seedSmallCorpus();
    const voterId = newVoterId();
    await vote(voterId);
    await expect(quarantineVoter({ voterId, reason: "  ", source: "maintainer" })).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(
      quarantineVoter({ voterId: "nope", reason: "x", source: "maintainer" }),
    ).rejects.toMatchObject({ code: "bad_request" });
    await expect(
      quarantineVoter({ voterId: randomUUID(), reason: "x", source: "maintainer" }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await db.voterQuarantine.count()).toBe(0);
    expect(await db.vote.count({ where: { countsForPublic: true } })).toBe(1);
  });

  it("a quarantine racing a stream of votes leaves none of them counted", async () => {
    await seedSmallCorpus({ prompts: 4 });
    const voterId = newVoterId();
    await vote(voterId);
    const battles = await Promise.all(Array.from({ length: 12 }, () => dealCorpusBattle({ voterId })));
    const votes = battles.map((b) => recordVote({ battleId: b!.id, voterId, choice: "left" }));
    const q = quarantineVoter({ voterId, reason: "race", source: "auto" });
    await Promise.all([...votes, q]);
    expect(await db.vote.count({ where: { voterId } })).toBe(13);
    expect(await db.vote.count({ where: { voterId, countsForPublic: true } })).toBe(0);
    await expectAggregatesExact();
    expect(await releaseVoter({ voterId })).toMatchObject({ votesRestored: 13 });
  });
});

describe("abuse flags (suggestions)", () => {
  beforeEach(resetDb);

  const finding = (score: number) => ({
    signal: { detector: "burst" as const, score, n: 20, detail: { windowMs: 60_000 } },
    threshold: 10,
  });

  it("keeps one open flag per voter and detector, closes them on quarantine, can be dismissed", async () => {
    await seedSmallCorpus();
    const a = newVoterId();
    const b = newVoterId();
    await vote(a);
    await vote(b);
    await suggestQuarantine({ voterId: a, findings: [finding(11)] });
    await suggestQuarantine({ voterId: a, findings: [finding(14)] });
    await suggestQuarantine({ voterId: b, findings: [finding(12)] });
    const open = await listAbuseFlags();
    expect(open).toHaveLength(2);
    expect(open.find((f) => f.voterId === a)).toMatchObject({
      score: 14,
      detail: { windowMs: 60_000, n: 20 },
    });
    await quarantineVoter({ voterId: a, reason: "burst", source: "maintainer", actor: "ann" });
    expect(await listAbuseFlags({ status: "quarantined" })).toMatchObject([{ voterId: a, decidedBy: "ann" }]);
    // No new suggestions for a voter already quarantined.
    await suggestQuarantine({ voterId: a, findings: [finding(20)] });
    const bFlag = (await listAbuseFlags()).map((f) => f.voterId);
    expect(bFlag).toEqual([b]);
    const id = (await listAbuseFlags())[0].id;
    expect(await dismissAbuseFlag({ id, actor: "bob" })).toBe(true);
    expect(await dismissAbuseFlag({ id, actor: "bob" })).toBe(false);
    expect(await listAbuseFlags()).toEqual([]);
  });
});
