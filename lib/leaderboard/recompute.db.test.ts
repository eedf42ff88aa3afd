import { beforeEach, describe, expect, it } from "vitest";
import { createCorpusBattle } from "@/lib/db/battles";
import { db } from "@/lib/db/client";
import { getLatestSnapshot, readCategoryAggregates } from "@/lib/db/leaderboard";
import { recordVote } from "@/lib/db/votes";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { parseCells } from "./fit-job";
import { recomputeLeaderboards } from "./recompute";
import type { SnapshotResult } from "./types";

async function voteMany(n: number, choose: (i: number) => "left" | "right" | "tie" | "both_bad") {
  for (let i = 0; i < n; i++) {
    const voterId = newVoterId();
    const battle = await createCorpusBattle({ voterId });
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
    const result = a!.result as SnapshotResult;
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
});
