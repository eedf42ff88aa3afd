import { describe, expect, it } from "vitest";
import type { SnapshotResult, SnapshotRow } from "@/lib/ratings/snapshot";
import { buildBoardRows, rankWithinGroups } from "./board";

const row = (model: string, rating: number, half = 10, rankUb = 1): SnapshotRow => ({
  model,
  rating,
  ciLower: rating - half,
  ciUpper: rating + half,
  rankUb,
  numBattles: 10,
});

const result = (rows: SnapshotRow[], groups: string[][]): SnapshotResult => ({
  version: 1,
  rows,
  groups,
  numVotes: 10,
  numExcluded: 0,
  ci: "bootstrap",
  rounds: 100,
  iterations: 5,
  converged: true,
  bootstrapNonconvergedRounds: 0,
});

describe("rank within connected groups", () => {
  // Two groups that never met: "y" (1100) is far above "a" (1050) on paper, but the numbers
  // are on unrelated scales, so neither group's ranks may count the other's models.
  const twoGroups = result(
    [row("y", 1100, 10, 1), row("a", 1050, 10, 2), row("b", 950, 10, 3), row("z", 900, 10, 4)],
    [
      ["a", "b", "hidden"],
      ["y", "z"],
    ],
  );

  it("counts only models of the same group as above", () => {
    const ranks = rankWithinGroups(twoGroups);
    expect(Object.fromEntries(ranks)).toEqual({
      a: { group: 0, rankUb: 1 },
      b: { group: 0, rankUb: 2 },
      y: { group: 1, rankUb: 1 },
      z: { group: 1, rankUb: 2 },
    });
  });

  it("keeps the stored rank (UB) when every model is connected", () => {
    const one = result([row("a", 1020, 30), row("b", 1000, 30), row("c", 900, 5)], [["a", "b", "c"]]);
    const ranks = rankWithinGroups(one);
    // a and b overlap (both rank 1); c's upper bound is below both lower bounds.
    expect([...ranks.values()].map((r) => r.rankUb)).toEqual([1, 1, 3]);
    expect(new Set([...ranks.values()].map((r) => r.group))).toEqual(new Set([0]));
  });

  it("numbers groups without gaps when a group has no shown rows", () => {
    const ranks = rankWithinGroups(result([row("c", 1000)], [["a", "b"], ["c"]]));
    expect(ranks.get("c")).toEqual({ group: 0, rankUb: 1 });
  });

  it("gives board rows their group and in-group ranks, for the style snapshot too", () => {
    const style = result([row("a", 1010), row("b", 990), row("y", 1200), row("z", 800)], twoGroups.groups);
    const rows = buildBoardRows(twoGroups, style, []);
    expect(rows.map((r) => [r.model, r.group, r.rankUb, r.style?.rankUb])).toEqual([
      ["y", 1, 1, 1],
      ["a", 0, 1, 1],
      ["b", 0, 2, 1],
      ["z", 1, 2, 2],
    ]);
  });
});
