import { describe, expect, it } from "vitest";
import { readSnapshotResult, type SnapshotResult } from "./snapshot";

const v1: SnapshotResult = {
  version: 1,
  rows: [{ model: "m", rating: 1000, ciLower: null, ciUpper: null, rankUb: 1, numBattles: 0 }],
  groups: [["m"]],
  numVotes: 0,
  numExcluded: 0,
  ci: "none",
  rounds: null,
  iterations: 0,
  converged: true,
  bootstrapNonconvergedRounds: null,
};

describe("readSnapshotResult", () => {
  it("returns a version-1 result as it is, early snapshots without matrices included", () => {
    expect(readSnapshotResult(v1)).toBe(v1);
  });

  it("rejects other versions and damaged results instead of letting a page read them", () => {
    for (const bad of [
      null,
      "x",
      3,
      {},
      { ...v1, version: 2 },
      { ...v1, rows: null },
      { ...v1, groups: {} },
    ]) {
      expect(readSnapshotResult(bad)).toBeNull();
    }
    const { ci: _ci, ...noCi } = v1;
    expect(readSnapshotResult(noCi)).toBeNull();
  });
});
