import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/testing/seeded-random";
import {
  ACTIVE_FLOOR,
  activePairProbabilities,
  activePairScores,
  drawActivePair,
  drawCorpusPair,
  drawLivePair,
  pairKey,
  type SamplerStats,
  winProbability,
} from "./samplers";

const noStats: SamplerStats = { pairVotes: new Map(), modelVotes: new Map() };
const key = (a: { id: string }, b: { id: string }) => [a.id, b.id].sort().join("");

describe("active sampler", () => {
  it("with no votes and no ratings reduces to the weighted sampler", () => {
    const cands = [
      { id: "a", weight: 1 },
      { id: "b", weight: 2 },
      { id: "c", weight: 3 },
    ];
    const probs = activePairProbabilities(cands, noStats);
    const byKey = new Map(probs.map((p) => [key(p.a, p.b), p.probability]));
    expect(byKey.get("ab")).toBeCloseTo(2 / 11, 12);
    expect(byKey.get("ac")).toBeCloseTo(3 / 11, 12);
    expect(byKey.get("bc")).toBeCloseTo(6 / 11, 12);
  });

  it("returns probabilities that sum to 1 and skips zero-weight models", () => {
    const cands = [
      { id: "a", weight: 1, rating: 1200 },
      { id: "b", weight: 1, rating: 1000 },
      { id: "c", weight: 1, rating: 990 },
      { id: "z", weight: 0, rating: 1000 },
    ];
    const stats: SamplerStats = {
      pairVotes: new Map([[pairKey("a", "b"), 40]]),
      modelVotes: new Map([
        ["a", 40],
        ["b", 40],
      ]),
    };
    const probs = activePairProbabilities(cands, stats);
    expect(probs).toHaveLength(3);
    expect(probs.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 12);
    expect(probs.some((p) => p.a.id === "z" || p.b.id === "z")).toBe(false);
  });

  it("favours pairs whose order is in doubt, rarely-voted models and newcomers", () => {
    const even = { id: "x", weight: 1, rating: 1000 };
    const close = { id: "y", weight: 1, rating: 1030 };
    const far = { id: "w", weight: 1, rating: 1600 };
    // Pairs in candidate order: xy, xw, yw; 30 votes on each so far.
    const some: SamplerStats = {
      pairVotes: new Map([
        [pairKey("x", "y"), 30],
        [pairKey("x", "w"), 30],
        [pairKey("y", "w"), 30],
      ]),
      modelVotes: new Map(),
    };
    const [xy, xw, yw] = activePairScores([even, close, far], some);
    expect(xy).toBeGreaterThan(10 * xw);
    expect(xy).toBeGreaterThan(10 * yw);
    // Without any votes nothing is settled yet: the far pair is still worth a look.
    const [xy0, xw0] = activePairScores([even, close, far], noStats);
    expect(xw0).toBeGreaterThan(xy0 / 10);
    // After many votes on x–y their ratings are settled: the score falls by orders of magnitude.
    const voted: SamplerStats = {
      pairVotes: new Map([[pairKey("x", "y"), 400]]),
      modelVotes: new Map([
        ["x", 400],
        ["y", 400],
      ]),
    };
    expect(activePairScores([even, close, far], voted)[0]).toBeLessThan(xy0 / 100);
    // A newcomer without votes or rating is drawn ahead of settled pairs.
    const fresh = { id: "n", weight: 1 };
    const [xy2, xn, yn] = activePairScores([even, close, fresh], voted);
    expect(xn).toBeGreaterThan(100 * xy2);
    expect(yn).toBeGreaterThan(100 * xy2);
    // Exact ties that votes cannot order are not where the votes go once both are known.
    const twins = activePairScores(
      [
        { id: "t1", weight: 1, rating: 1000 },
        { id: "t2", weight: 1, rating: 1000 },
        { id: "t3", weight: 1, rating: 1060 },
      ],
      {
        pairVotes: new Map([
          [pairKey("t1", "t2"), 50],
          [pairKey("t1", "t3"), 50],
          [pairKey("t2", "t3"), 50],
        ]),
        modelVotes: new Map(),
      },
    );
    expect(twins[0]).toBeLessThan(twins[1]);
  });

  it("keeps every pair above the floor so inverse-propensity weights stay bounded", () => {
    const cands = [
      { id: "a", weight: 1, rating: 2000 },
      { id: "b", weight: 1, rating: 0 },
      { id: "c", weight: 1, rating: 1000 },
    ];
    const probs = activePairProbabilities(cands, noStats);
    for (const p of probs) expect(p.probability).toBeGreaterThanOrEqual(ACTIVE_FLOOR / 3 - 1e-12);
  });

  it("draws pairs at the probabilities it reports, sides and order fairly", () => {
    const cands = [
      { id: "a", weight: 1, rating: 1000 },
      { id: "b", weight: 1, rating: 1050 },
      { id: "c", weight: 2, rating: 1400 },
    ];
    const stats: SamplerStats = {
      pairVotes: new Map([[pairKey("a", "c"), 3]]),
      modelVotes: new Map([
        ["a", 3],
        ["c", 3],
      ]),
    };
    const expected = new Map(
      activePairProbabilities(cands, stats).map((p) => [key(p.a, p.b), p.probability]),
    );
    const rng = seededRandom(11);
    const seen = new Map<string, number>();
    let left = 0;
    let aFirst = 0;
    const n = 60_000;
    for (let k = 0; k < n; k++) {
      const d = drawActivePair(cands, stats, rng);
      expect(d.a.id).not.toBe(d.b.id);
      expect(d.probability).toBeCloseTo(expected.get(key(d.a, d.b))!, 12);
      seen.set(key(d.a, d.b), (seen.get(key(d.a, d.b)) ?? 0) + 1);
      if (d.shownLeft === "a") left++;
      if (d.a.id < d.b.id) aFirst++;
    }
    for (const [k, p] of expected) expect(Math.abs((seen.get(k) ?? 0) / n - p)).toBeLessThan(0.01);
    expect(Math.abs(left / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(aFirst / n - 0.5)).toBeLessThan(0.01);
  });

  it("refuses fewer than two drawable models", () => {
    expect(() => drawActivePair([{ id: "a", weight: 1 }], noStats)).toThrow(/at least two/);
  });

  it("drawLivePair names the sampler it used", () => {
    const cands = [
      { id: "a", weight: 1 },
      { id: "b", weight: 1 },
    ];
    expect(drawLivePair("active", cands, noStats).sampler).toEqual({ name: "active", version: "2" });
    const weighted = drawLivePair("weighted", cands, noStats);
    expect(weighted.sampler).toEqual({ name: "weighted", version: "1" });
    expect(weighted.probability).toBe(1);
  });

  it("uses the Elo-scale logistic for win probability", () => {
    expect(winProbability(1000, 1000)).toBe(0.5);
    expect(winProbability(1400, 1000)).toBeCloseTo(10 / 11, 12);
  });
});

describe("corpus draw", () => {
  it("draws a uniform pair of the prompt's answers and records the corpus sampler", () => {
    const d = drawCorpusPair(["x", "y", "z"], seededRandom(5));
    expect(d.a).not.toBe(d.b);
    expect(d.probability).toBeCloseTo(1 / 3, 12);
    // Stored on every corpus battle since the first release: changing it splits the sampler's history.
    expect(d.sampler).toEqual({ name: "corpus-uniform", version: "1" });
  });
});
