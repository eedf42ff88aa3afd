import { describe, expect, it } from "vitest";
import { simulate, truthFor } from "./bench-sampling-sim";

describe("bench:sampling simulation", () => {
  const o = {
    models: 6,
    spread: 300,
    targets: [0.5, 0.6],
    batch: 100,
    maxVotes: 20_000,
    rounds: 50,
    tieRate: 0.1,
    seed: 3,
    tolerance: 0,
  };
  it("gives both samplers the same truth and reaches the target with a ranking close to the truth", () => {
    expect(truthFor(o)).toEqual(truthFor({ ...o }));
    for (const sampler of ["uniform", "active"] as const) {
      const r = simulate(sampler, o);
      const [early, late] = r.votes;
      expect(early).not.toBeNull();
      expect(late).not.toBeNull();
      expect(early!).toBeLessThanOrEqual(late!);
      expect(r.confidence).toBeGreaterThanOrEqual(0.6);
      expect(r.tau).toBeGreaterThan(0.5);
    }
  });
  it("is reproducible from its seed", () => {
    expect(simulate("active", o)).toEqual(simulate("active", o));
  });
});
