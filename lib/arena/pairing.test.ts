import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/testing/seeded-random";
import { drawUniformPair, drawWeightedPair } from "./pairing";

describe("drawUniformPair", () => {
  it("never pairs a candidate with itself and records 1/C(n,2)", () => {
    const rng = seededRandom(1);
    for (let k = 0; k < 500; k++) {
      const d = drawUniformPair(["w", "x", "y", "z"], rng);
      expect(d.a).not.toBe(d.b);
      expect(d.probability).toBeCloseTo(1 / 6, 12);
    }
  });

  it("draws every unordered pair and both left sides about equally often", () => {
    const rng = seededRandom(7);
    const counts = new Map<string, number>();
    let left = 0;
    const n = 60_000;
    for (let k = 0; k < n; k++) {
      const d = drawUniformPair(["w", "x", "y", "z"], rng);
      const key = [d.a, d.b].sort().join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (d.shownLeft === "a") left++;
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(0.01);
    expect(Math.abs(left / n - 0.5)).toBeLessThan(0.01);
  });

  it("refuses fewer than two candidates", () => {
    expect(() => drawUniformPair(["only"])).toThrow(/at least two/);
  });
});

describe("drawWeightedPair", () => {
  it("draws pairs in proportion to the product of weights and reports that probability", () => {
    const rng = seededRandom(3);
    const cands = [
      { id: "a", weight: 1 },
      { id: "b", weight: 2 },
      { id: "c", weight: 3 },
      { id: "z", weight: 0 },
    ];
    const total = 1 * 2 + 1 * 3 + 2 * 3;
    const seen = new Map<string, number>();
    const n = 50_000;
    for (let k = 0; k < n; k++) {
      const d = drawWeightedPair(cands, rng);
      const key = [d.a.id, d.b.id].sort().join("");
      expect(key).not.toContain("z");
      const wa = d.a.weight * d.b.weight;
      expect(d.probability).toBeCloseTo(wa / total, 12);
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(Math.abs((seen.get("bc") ?? 0) / n - 6 / total)).toBeLessThan(0.01);
    expect(Math.abs((seen.get("ab") ?? 0) / n - 2 / total)).toBeLessThan(0.01);
  });
});
