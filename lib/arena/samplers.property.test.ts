import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/testing/seeded-random";
import {
  ACTIVE_FLOOR,
  activePairProbabilities,
  drawActivePair,
  pairKey,
  type SamplerStats,
} from "./samplers";

// Random fields: up to 12 models, some without a rating, some with weight 0, random vote counts.
const field = fc
  .array(
    fc.record({
      weight: fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 5, noNaN: true })),
      rating: fc.option(fc.double({ min: 400, max: 2000, noNaN: true }), { nil: null }),
    }),
    { minLength: 2, maxLength: 12 },
  )
  .map((ms) => ms.map((m, i) => ({ id: `m${i}`, ...m })))
  .filter((ms) => ms.filter((m) => m.weight > 0).length >= 2)
  .chain((ms) =>
    fc
      .array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5000 })), {
        minLength: (ms.length * (ms.length - 1)) / 2,
        maxLength: (ms.length * (ms.length - 1)) / 2,
      })
      .map((counts) => {
        const pairVotes = new Map<string, number>();
        let k = 0;
        for (let i = 0; i < ms.length; i++)
          for (let j = i + 1; j < ms.length; j++) pairVotes.set(pairKey(ms[i].id, ms[j].id), counts[k++]);
        return { ms, stats: { pairVotes, modelVotes: new Map() } as SamplerStats };
      }),
  );

describe("active sampler properties", () => {
  it("gives every pair of drawable models a probability ≥ the floor's share, and they sum to 1", () => {
    fc.assert(
      fc.property(field, ({ ms, stats }) => {
        const probs = activePairProbabilities(ms, stats);
        const usable = ms.filter((m) => m.weight > 0);
        expect(probs).toHaveLength((usable.length * (usable.length - 1)) / 2);
        let totalBase = 0;
        for (let i = 0; i < usable.length; i++)
          for (let j = i + 1; j < usable.length; j++) totalBase += usable[i].weight * usable[j].weight;
        let sum = 0;
        for (const p of probs) {
          expect(p.probability).toBeGreaterThan(0);
          expect(p.probability).toBeGreaterThanOrEqual(
            (ACTIVE_FLOOR * p.a.weight * p.b.weight) / totalBase - 1e-12,
          );
          sum += p.probability;
        }
        expect(sum).toBeCloseTo(1, 9);
      }),
      { numRuns: 150 },
    );
  });

  it("records the probability of the pair it actually drew", () => {
    fc.assert(
      fc.property(field, fc.integer({ min: 1, max: 2 ** 31 - 1 }), ({ ms, stats }, seed) => {
        const listed = new Map(
          activePairProbabilities(ms, stats).map((p) => [pairKey(p.a.id, p.b.id), p.probability]),
        );
        const rng = seededRandom(seed);
        for (let k = 0; k < 5; k++) {
          const d = drawActivePair(ms, stats, rng);
          expect(d.a.id).not.toBe(d.b.id);
          expect(d.a.weight).toBeGreaterThan(0);
          expect(d.probability).toBe(listed.get(pairKey(d.a.id, d.b.id)));
        }
      }),
      { numRuns: 100 },
    );
  });
});
