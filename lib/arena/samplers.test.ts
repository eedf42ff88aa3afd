import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/testing/seeded-random";
import {
  ACTIVE_FLOOR,
  activePairProbabilities,
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

  it("plans the votes onto pairs whose order is in doubt, and draws newcomers early", () => {
    // a, b, c within 40 Elo (a and c two places apart: their order is the open question), d far above.
    const field = [
      { id: "a", weight: 1, rating: 1000 },
      { id: "b", weight: 1, rating: 1020 },
      { id: "c", weight: 1, rating: 1040 },
      { id: "d", weight: 1, rating: 1600 },
    ];
    const each = (n: number) => ({
      pairVotes: new Map(
        ["a", "b", "c", "d"].flatMap((x, i, all) => all.slice(i + 1).map((y) => [pairKey(x, y), n] as const)),
      ),
      modelVotes: new Map(),
    });
    const probs = new Map(
      activePairProbabilities(field, each(30)).map((p) => [key(p.a, p.b), p.probability]),
    );
    const close = ["ab", "ac", "bc"].reduce((s, k) => s + probs.get(k)!, 0);
    const far = ["ad", "bd", "cd"].reduce((s, k) => s + probs.get(k)!, 0);
    expect(close).toBeGreaterThan(0.8);
    // The far pairs get no more than the floor's share.
    expect(far).toBeCloseTo((ACTIVE_FLOOR * 3) / 6, 12);
    // A newcomer without a rating is planned ahead of pairs that have had their votes.
    const withNewcomer = activePairProbabilities([...field, { id: "n", weight: 1 }], each(400));
    const toNewcomer = withNewcomer.filter((p) => p.a.id === "n" || p.b.id === "n");
    expect(toNewcomer.reduce((s, p) => s + p.probability, 0)).toBeGreaterThan(0.5);
  });

  it("falls back to the weights when every order is settled", () => {
    const settled = [
      { id: "a", weight: 1, rating: 1000 },
      { id: "b", weight: 2, rating: 2000 },
      { id: "c", weight: 1, rating: 3000 },
    ];
    const stats: SamplerStats = {
      pairVotes: new Map([
        [pairKey("a", "b"), 10_000],
        [pairKey("b", "c"), 10_000],
        [pairKey("a", "c"), 10_000],
      ]),
      modelVotes: new Map(),
    };
    const byKey = new Map(activePairProbabilities(settled, stats).map((p) => [key(p.a, p.b), p.probability]));
    expect(byKey.get("ab")).toBeCloseTo(2 / 5, 12);
    expect(byKey.get("ac")).toBeCloseTo(1 / 5, 12);
    expect(byKey.get("bc")).toBeCloseTo(2 / 5, 12);
  });

  it("is a pure function of the candidates and the counts", () => {
    const field = [
      { id: "a", weight: 1, rating: 1000 },
      { id: "b", weight: 1, rating: 1020 },
      { id: "c", weight: 3, rating: 1045 },
      { id: "d", weight: 1, rating: 990 },
    ];
    const stats: SamplerStats = { pairVotes: new Map([[pairKey("a", "c"), 12]]), modelVotes: new Map() };
    expect(activePairProbabilities(field, stats)).toEqual(activePairProbabilities(field, stats));
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
    expect(drawLivePair("active", cands, noStats).sampler).toEqual({ name: "active", version: "3" });
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
