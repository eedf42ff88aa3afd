import { describe, expect, it } from "vitest";
import { Xoshiro128 } from "../rng";
import { effectsOverTime } from "./effects-over-time";
import type { DiagnosticVote } from "./types";

/**
 * Three equally good models; voters weigh answer length by `beta(k)` logits per unit of
 * the normalised length difference (A − B)/(A + B + 1), so the length coefficient is the
 * only thing that moves.
 */
function crowd(n: number, beta: (k: number) => number, seed = 3): DiagnosticVote[] {
  const rng = new Xoshiro128(seed);
  const models = ["m1", "m2", "m3"];
  const votes: DiagnosticVote[] = [];
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rng.nextFloat() * 3);
    const j = (i + 1 + Math.floor(rng.nextFloat() * 2)) % 3;
    const ta = 50 + Math.floor(rng.nextFloat() * 950);
    const tb = 50 + Math.floor(rng.nextFloat() * 950);
    const x = (ta - tb) / (ta + tb + 1);
    const p = 1 / (1 + Math.exp(-beta(k) * x));
    votes.push({
      modelA: models[i],
      modelB: models[j],
      outcome: rng.nextFloat() < p ? "model_a" : "model_b",
      shownLeft: rng.nextFloat() < 0.5 ? "a" : "b",
      at: Date.UTC(2026, 10, 1) + k * 3_600_000,
      features: {
        sum_assistant_tokens: [ta, tb],
        header_count: [0, 0],
        list_count: [0, 0],
        bold_count: [0, 0],
      },
    });
  }
  return votes;
}

const length = (w: {
  effects: { feature: string; eloPerSd: number; ciLower: number | null; ciUpper: number | null }[];
}) => w.effects.find((e) => e.feature === "sum_assistant_tokens")!;

describe("effects over time", () => {
  it("a crowd whose length preference flips midway: the coefficient changes sign, each side's interval excludes zero", () => {
    const votes = crowd(2400, (k) => (k < 1200 ? 4 : -4));
    const windows = effectsOverTime(
      votes,
      [["sum_assistant_tokens", "header_count", "list_count", "bold_count"]],
      {
        maxWindows: 4,
        minWindowVotes: 300,
      },
    );
    expect(windows.map((w) => w.n)).toEqual([600, 600, 600, 600]);
    const effects = windows.map(length);
    for (const e of effects.slice(0, 2)) expect(e.ciLower!).toBeGreaterThan(0);
    for (const e of effects.slice(2)) expect(e.ciUpper!).toBeLessThan(0);
    // Roughly symmetric: the same strength of preference, opposite signs.
    expect(Math.abs(effects[0].eloPerSd + effects[3].eloPerSd)).toBeLessThan(
      0.5 * Math.abs(effects[0].eloPerSd),
    );
    // Windows are in time order, back to back, and never report the side covariate.
    for (let i = 1; i < windows.length; i++) expect(windows[i].from).toBeGreaterThan(windows[i - 1].to);
    expect(windows[0].effects.some((e) => e.feature === "shown_left")).toBe(false);
    // Constant covariates are marked, not fitted.
    expect(windows[0].effects.find((e) => e.feature === "bold_count")?.constant).toBe(true);
  });

  it("a steady preference stays on one side; too few votes for two windows give none", () => {
    const windows = effectsOverTime(
      crowd(1200, () => 3),
      [["sum_assistant_tokens"]],
      {
        maxWindows: 12,
        minWindowVotes: 300,
      },
    );
    expect(windows).toHaveLength(4);
    for (const w of windows) expect(length(w).eloPerSd).toBeGreaterThan(0);
    expect(
      effectsOverTime(
        crowd(599, () => 3),
        [["sum_assistant_tokens"]],
        { maxWindows: 12, minWindowVotes: 300 },
      ),
    ).toEqual([]);
  });
});
