import { describe, expect, it } from "vitest";
import { opponentRecords, wilsonInterval } from "./records";

describe("wilsonInterval", () => {
  it("contains the observed rate and stays within [0, 1]", () => {
    const [lo, hi] = wilsonInterval(7, 10)!;
    expect(lo).toBeLessThan(0.7);
    expect(hi).toBeGreaterThan(0.7);
    expect(wilsonInterval(0, 5)![0]).toBe(0);
    expect(wilsonInterval(5, 5)![1]).toBeLessThanOrEqual(1);
    expect(wilsonInterval(5, 5)![0]).toBeGreaterThan(0.4);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it("matches a textbook value (8 of 10: 0.490–0.943)", () => {
    const [lo, hi] = wilsonInterval(8, 10)!;
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
  });
});

describe("opponentRecords", () => {
  const m = {
    models: ["x", "y", "z"],
    winRateNoTies: [
      [null, 0.75, null],
      [0.25, null, 1],
      [null, 0, null],
    ],
    predictedWinRate: [
      [null, 0.7, 0.8],
      [0.3, null, 0.6],
      [0.2, 0.4, null],
    ],
    battleCount: [
      [0, 6, 0],
      [6, 0, 3],
      [0, 3, 0],
    ],
    battleCountNoTies: [
      [0, 4, 0],
      [4, 0, 3],
      [0, 3, 0],
    ],
  };

  it("derives wins, ties and losses against each opponent met", () => {
    expect(opponentRecords(m, "x")).toEqual([
      expect.objectContaining({ opponent: "y", wins: 3, losses: 1, ties: 2, winRate: 0.75, predicted: 0.7 }),
    ]);
    const y = opponentRecords(m, "y");
    expect(y.map((r) => r.opponent)).toEqual(["x", "z"]);
    expect(y[1]).toMatchObject({ wins: 3, losses: 0, ties: 0 });
    expect(opponentRecords(m, "nobody")).toEqual([]);
  });
});
