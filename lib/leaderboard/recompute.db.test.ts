import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { db } from "@/lib/db/client";
import { getLatestSnapshot, readCategoryAggregates } from "@/lib/db/leaderboard";
import { quarantineVoter } from "@/lib/db/quarantine";
import { recordVote } from "@/lib/db/votes";
import { parseCells } from "@/lib/ratings/io/fit-job";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { recomputeLeaderboards } from "./recompute";

async function voteMany(n: number, choose: (i: number) => "left" | "right" | "tie" | "both_bad") {
  for (let i = 0; i < n; i++) {
    const voterId = newVoterId();
    const battle = await dealCorpusBattle({ voterId });
    await recordVote({ battleId: battle!.id, voterId, choice: choose(i) });
  }
}

describe("leaderboard recompute", () => {
  beforeEach(resetDb);

  it("keeps per-category aggregates in step with votes through inserts, exclusions and deletes", async () => {
    await seedSmallCorpus({ models: 3 });
    await voteMany(12, (i) => (["left", "right", "tie", "both_bad"] as const)[i % 4]);
    await db.vote.updateMany({
      where: { outcome: "tie" },
      data: { countsForPublic: false, exclusionReason: "test" },
    });
    const [overall] = await readCategoryAggregates({ tag: "overall" });
    expect(overall.numVotes).toBe(9);
    expect(overall.numExcluded).toBe(3);
    expect(overall.excludedByReason).toEqual({ test: 3 });
    const counts = parseCells(overall.cellsJson);
    expect(counts.reduce((s, c) => s + c.count, 0)).toBe(9);
    expect(counts.some((c) => c.outcome === "tie")).toBe(false);
    expect(counts.every((c) => Math.abs((c.weight ?? 0) - c.count * 3) < 1e-9)).toBe(true);
    expect((await readCategoryAggregates()).map((a) => a.category)).toEqual([
      "corpus:small",
      "lang:en",
      "overall",
    ]);
    await db.vote.deleteMany({ where: { outcome: "both_bad" } });
    const [after] = await readCategoryAggregates({ tag: "overall" });
    expect(after.numVotes).toBe(6);
    expect(after.numExcluded).toBe(3);
  });

  it("stores a reproducible snapshot per category", async () => {
    await seedSmallCorpus({ models: 3 });
    await voteMany(30, (i) => (i % 3 === 0 ? "right" : "left"));
    const params = { ci: "bootstrap" as const, rounds: 200, seed: 7 };
    const first = await recomputeLeaderboards(params);
    expect(first.categories.map((c) => c.category).sort()).toEqual(["corpus:small", "lang:en", "overall"]);
    const a = await getLatestSnapshot({ category: "overall", kind: "plain" });
    await recomputeLeaderboards(params);
    const b = await getLatestSnapshot({ category: "overall", kind: "plain" });
    expect(a && b).toBeTruthy();
    expect(b!.id).not.toBe(a!.id);
    expect(b!.voteSetHash).toBe(a!.voteSetHash);
    expect(b!.result).toEqual(a!.result);
    const result = a!.result;
    expect(result.numVotes).toBe(30);
    expect(result.rows).toHaveLength(3);
    expect(result.rows.reduce((s, r) => s + r.numBattles, 0)).toBe(60);
    const mean = result.rows.reduce((s, r) => s + r.rating, 0) / 3;
    expect(mean).toBeCloseTo(1000, 6);
    for (const r of result.rows) {
      expect(r.ciLower!).toBeLessThanOrEqual(r.rating);
      expect(r.ciUpper!).toBeGreaterThanOrEqual(r.rating);
    }

    await voteMany(1, () => "left");
    await recomputeLeaderboards(params);
    const c = await getLatestSnapshot({ category: "overall", kind: "plain" });
    expect(c!.voteSetHash).not.toBe(a!.voteSetHash);
  });

  it("counts excluded votes per reason in the snapshot", async () => {
    await seedSmallCorpus({ models: 3 });
    await voteMany(6, () => "left");
    const [first, second] = await db.vote.findMany({ select: { voterId: true }, take: 2 });
    await quarantineVoter({ voterId: first.voterId, reason: "burst of votes", source: "auto" });
    await quarantineVoter({ voterId: second.voterId, reason: "burst of votes", source: "maintainer" });
    await recomputeLeaderboards({ ci: "none", rounds: 0, seed: 0 });
    const snap = await getLatestSnapshot({ category: "overall", kind: "plain" });
    expect(snap!.result.numExcluded).toBe(2);
    expect(snap!.result.excludedByReason).toEqual({ "voter quarantined: burst of votes": 2 });
  });

  it("reads a newest snapshot of an unknown result version as no snapshot", async () => {
    await seedSmallCorpus({ models: 2 });
    await voteMany(4, () => "left");
    await recomputeLeaderboards({ ci: "none", rounds: 0, seed: 0 });
    expect((await getLatestSnapshot({ category: "overall", kind: "plain" }))?.result.version).toBe(1);
    await db.leaderboardSnapshot.create({
      data: {
        category: "overall",
        kind: "plain",
        params: {},
        voteSetHash: "x",
        codeVersion: "future",
        numVotes: 4,
        result: { version: 2, ratings: {} },
        createdAt: new Date(Date.now() + 60_000),
      },
    });
    expect(await getLatestSnapshot({ category: "overall", kind: "plain" })).toBeNull();
  });

  it("stores style features with each vote and a style-controlled snapshot with coefficients", async () => {
    await seedSmallCorpus({ models: 3 });
    // Make model-0's answers long and formatted so the style covariates vary.
    const m0 = await db.model.findUniqueOrThrow({ where: { slug: "model-0" } });
    await db.corpusResponse.updateMany({
      where: { modelId: m0.id },
      data: { content: "# Heading\n\n- a\n- b\n- c\n\n**bold** words words words words words words" },
    });
    await voteMany(40, (i) => (i % 5 === 0 ? "right" : "left"));
    const vote = await db.vote.findFirstOrThrow({ include: { battle: true } });
    const f = vote.styleFeatures as Record<string, [number, number]>;
    expect(Object.keys(f).sort()).toEqual([
      "bold_count",
      "header_count",
      "hedge_rate",
      "language_match",
      "link_count",
      "list_count",
      "refusal",
      "sum_assistant_tokens",
    ]);
    const aIsM0 = vote.battle.modelAId === m0.id;
    const bIsM0 = vote.battle.modelBId === m0.id;
    if (aIsM0 || bIsM0) expect(f.header_count[aIsM0 ? 0 : 1]).toBe(1);

    await recomputeLeaderboards({ ci: "none", rounds: 0, seed: 0 });
    const style = await getLatestSnapshot({ category: "overall", kind: "style" });
    const result = style!.result;
    expect(result.ci).toBe("sandwich");
    expect(result.rows).toHaveLength(3);
    expect(result.styleCoefficients?.map((c) => c.feature)).toEqual([
      "sum_assistant_tokens",
      "header_count",
      "list_count",
      "bold_count",
    ]);
    expect(result.numVotes).toBe(40);
  });
});
