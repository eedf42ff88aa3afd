import { describe, expect, it } from "vitest";
import { simulate, truthFor } from "./bench-sampling-sim";

describe("bench:sampling simulation", () => {
  const o = {
    models: 6,
    spread: 300,
    target: 0.6,
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
      expect(r.votes).not.toBeNull();
      expect(r.confidence).toBeGreaterThanOrEqual(0.6);
      expect(r.tau).toBeGreaterThan(0.5);
    }
  });
  it("is reproducible from its seed", () => {
    expect(simulate("active", o)).toEqual(simulate("active", o));
  });
});
