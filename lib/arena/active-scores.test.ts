import { describe, expect, it } from "vitest";
import { activePairPlan, normalTail, pairKey } from "./active-scores";

describe("normalTail", () => {
  it("is Φ(−x), accurate in the tails the plan compares", () => {
    expect(normalTail(0)).toBeCloseTo(0.5, 7);
    expect(normalTail(1.959964)).toBeCloseTo(0.025, 7);
    expect(normalTail(6) / 9.865876450377e-10).toBeCloseTo(1, 5);
  });
});

describe("activePairPlan", () => {
  const votes = (ids: string[], n: number) =>
    new Map(ids.flatMap((x, i) => ids.slice(i + 1).map((y) => [pairKey(x, y), n] as const)));

  it("spends the plan on the pairs that order models two places apart, not on a far-off model", () => {
    // Pairs in order: ab ac ad bc bd cd. a/c are two places apart and 40 Elo apart.
    const shares = activePairPlan(
      [
        { id: "a", weight: 1, rating: 1000 },
        { id: "b", weight: 1, rating: 1020 },
        { id: "c", weight: 1, rating: 1040 },
        { id: "d", weight: 1, rating: 1700 },
      ],
      votes(["a", "b", "c", "d"], 20),
    );
    expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(shares[0] + shares[1] + shares[3]).toBeGreaterThan(0.9);
    expect(shares[1]).toBeGreaterThan(shares[2]);
  });

  it("leaves a near-tie between neighbours alone once the rest is settled", () => {
    // a and b are 5 Elo apart and adjacent: ordering them moves nobody more than one place.
    const shares = activePairPlan(
      [
        { id: "a", weight: 1, rating: 1000 },
        { id: "b", weight: 1, rating: 1005 },
        { id: "c", weight: 1, rating: 1400 },
      ],
      votes(["a", "b", "c"], 300),
    );
    expect(shares).toEqual([0, 0, 0]);
  });

  it("has no plan before two models have ratings", () => {
    expect(
      activePairPlan(
        [
          { id: "a", weight: 1 },
          { id: "b", weight: 1, rating: 1000 },
          { id: "c", weight: 1 },
        ],
        new Map(),
      ),
    ).toEqual([0, 0, 0]);
  });
});
