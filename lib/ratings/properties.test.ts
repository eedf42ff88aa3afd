import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  aggregateBattles,
  type Battle,
  computeLeaderboard,
  computeStyleLeaderboard,
  filterBattles,
  type LeaderboardResult,
  type Outcome,
} from "./index";
import { Xoshiro128 } from "./rng";
import { fixturesDir, pearson, readJsonl, simulate, toBattles, toStyleBattles } from "./test-utils";

const SWAP: Record<Outcome, Outcome> = {
  model_a: "model_b",
  model_b: "model_a",
  tie: "tie",
  "tie (bothbad)": "tie (bothbad)",
};

const ratingsOf = (res: LeaderboardResult) =>
  Object.fromEntries(res.leaderboard.map((r) => [r.model, r.rating]));

function expectSameRatings(a: LeaderboardResult, b: LeaderboardResult, tol = 1e-8) {
  const ra = ratingsOf(a);
  const rb = ratingsOf(b);
  expect(Object.keys(rb).sort()).toEqual(Object.keys(ra).sort());
  for (const m of Object.keys(ra)) expect(Math.abs(ra[m] - rb[m])).toBeLessThan(tol);
}

const sim = simulate(30, 20_000, 42);

describe("Bradley-Terry invariances", () => {
  const base = computeLeaderboard(aggregateBattles(sim.battles), { ci: "sandwich" });

  it("swapping A/B with the outcome inverted changes nothing", () => {
    const swapped = sim.battles.map((b) => ({
      modelA: b.modelB,
      modelB: b.modelA,
      outcome: SWAP[b.outcome],
    }));
    const res = computeLeaderboard(aggregateBattles(swapped), { ci: "sandwich" });
    expectSameRatings(base, res);
    expect(res.leaderboard.map((r) => r.ciLower)).toEqual(
      base.leaderboard.map((r) => expect.closeTo(r.ciLower!, 8) as unknown as number),
    );
  });

  it("battle order changes nothing", () => {
    const rng = new Xoshiro128(3);
    const shuffled = [...sim.battles];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rng.nextFloat() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    expectSameRatings(base, computeLeaderboard(aggregateBattles(shuffled), { ci: "sandwich" }));
  });

  it("recovers known strengths (Pearson > 0.98 at 20k votes / 30 models), mean 1000", () => {
    const r = ratingsOf(base);
    const truth = sim.truth.map((_, i) => sim.truth[i]);
    expect(
      pearson(
        truth,
        sim.truth.map((_, i) => r[`m${i}`]),
      ),
    ).toBeGreaterThan(0.98);
    const mean = base.leaderboard.reduce((s, x) => s + x.rating, 0) / base.leaderboard.length;
    expect(mean).toBeCloseTo(1000, 8);
    expect(base.meta.groups).toHaveLength(1);
  });

  it("bootstrap is deterministic per seed and CIs bracket the estimate", () => {
    const counts = aggregateBattles(sim.battles);
    const a = computeLeaderboard(counts, { ci: "bootstrap", rounds: 200, seed: 5 });
    const b = computeLeaderboard(counts, { ci: "bootstrap", rounds: 200, seed: 5 });
    const c = computeLeaderboard(counts, { ci: "bootstrap", rounds: 200, seed: 6 });
    expect(a.leaderboard).toEqual(b.leaderboard);
    expect(a.leaderboard).not.toEqual(c.leaderboard);
    for (const r of a.leaderboard) expect(r.ciLower! < r.rating && r.rating < r.ciUpper!).toBe(true);
  });
});

describe("style control", () => {
  const rows = readJsonl(path.join(fixturesDir, "synthetic_20k_style.jsonl"));
  const truthFile = path.join(fixturesDir, "synthetic_20k_style.truth.json");
  const truth = JSON.parse(fs.readFileSync(truthFile, "utf8")).ratings as Record<string, number>;

  it("recovers the true strengths better than plain BT when answers' style sways votes", () => {
    const plain = ratingsOf(computeLeaderboard(aggregateBattles(toBattles(rows)), { ci: "none" }));
    const styled = computeStyleLeaderboard(toStyleBattles(rows), { ci: "sandwich" });
    const models = Object.keys(truth);
    const rmse = (r: Record<string, number>) =>
      Math.sqrt(models.reduce((s, m) => s + (r[m] - truth[m]) ** 2, 0) / models.length);
    expect(rmse(ratingsOf(styled))).toBeLessThan(rmse(plain));
    const t = models.map((m) => truth[m]);
    expect(
      pearson(
        t,
        models.map((m) => ratingsOf(styled)[m]),
      ),
    ).toBeGreaterThan(
      pearson(
        t,
        models.map((m) => plain[m]),
      ),
    );
    const tokens = styled.styleCoefficients!.find((c) => c.feature === "sum_assistant_tokens")!;
    expect(tokens.coef).toBeGreaterThan(0);
    expect(tokens.ciLower!).toBeGreaterThan(0);
  });

  it("takes features by name and rejects rows missing one", () => {
    const two = toStyleBattles(rows.slice(0, 2000), ["sum_assistant_tokens", "bold_count"]);
    const res = computeStyleLeaderboard(two, { ci: "none" });
    expect(res.styleCoefficients!.map((c) => c.feature)).toEqual(["sum_assistant_tokens", "bold_count"]);
    expect(() =>
      computeStyleLeaderboard(two, { ci: "none", features: ["sum_assistant_tokens", "nope"] }),
    ).toThrow(/feature "nope"/);
  });
});

describe("edge cases", () => {
  const b = (modelA: string, modelB: string, outcome: Outcome = "model_a"): Battle => ({
    modelA,
    modelB,
    outcome,
  });

  it("disconnected groups each have mean 1000 and are reported", () => {
    const battles = [
      b("a", "b"),
      b("b", "a"),
      b("a", "b", "tie"),
      b("x", "y"),
      b("y", "x"),
      b("y", "x"),
      b("z", "x"),
    ];
    battles.push(b("x", "z"));
    const res = computeLeaderboard(aggregateBattles(battles), { ci: "sandwich" });
    const r = ratingsOf(res);
    expect((r.a + r.b) / 2).toBeCloseTo(1000, 8);
    expect((r.x + r.y + r.z) / 3).toBeCloseTo(1000, 8);
    expect(res.meta.groups.map((g) => [...g].sort())).toEqual([
      ["x", "y", "z"],
      ["a", "b"],
    ]);
    expect(res.predictedWinRate[res.models.indexOf("a")][res.models.indexOf("x")]).toBeNull();
  });

  it("drops and counts self-battles", () => {
    const res = computeLeaderboard(aggregateBattles([b("a", "a"), b("a", "b"), b("b", "a"), b("c", "c")]), {
      ci: "none",
    });
    expect(res.meta.nSelfBattlesDropped).toBe(2);
    expect(res.meta.nBattles).toBe(2);
    expect(res.meta.modelsWithoutBattles).toEqual(["c"]);
    expect(res.models.sort()).toEqual(["a", "b"]);
  });

  it("handles a single battle (no finite MLE) with finite, ordered ratings", () => {
    const res = computeLeaderboard(aggregateBattles([b("a", "b")]), { ci: "sandwich" });
    expect(res.meta.separated).toBe(true);
    const [first, second] = res.leaderboard;
    expect(first.model).toBe("a");
    expect(first.rating).toBeGreaterThan(second.rating);
    expect((first.rating + second.rating) / 2).toBeCloseTo(1000, 6);
    for (const r of res.leaderboard)
      expect(Number.isFinite(r.ciLower!) && Number.isFinite(r.ciUpper!)).toBe(true);
    const boot = computeLeaderboard(aggregateBattles([b("a", "b"), b("b", "a"), b("a", "b")]), {
      ci: "bootstrap",
      rounds: 100,
    });
    expect(boot.meta.bootstrapNonconvergedRounds).toBeGreaterThan(0);
    for (const r of boot.leaderboard) expect(Number.isFinite(r.ciUpper!)).toBe(true);
  });

  it("an unknown winner label is a clear error", () => {
    expect(() => aggregateBattles([{ modelA: "a", modelB: "b", outcome: "draw" as Outcome }])).toThrow(
      /unknown outcome "draw"/,
    );
    expect(() =>
      computeLeaderboard([{ modelA: "a", modelB: "b", outcome: "x" as Outcome, count: 1 }], { ci: "none" }),
    ).toThrow(/counts\[0\]: unknown outcome "x"/);
  });

  it("anchor pins one model and shifts only its group", () => {
    const counts = aggregateBattles(sim.battles);
    const free = computeLeaderboard(counts, { ci: "sandwich" });
    const pinned = computeLeaderboard(counts, { ci: "sandwich", anchor: { model: "m3", rating: 1200 } });
    const rf = ratingsOf(free);
    const rp = ratingsOf(pinned);
    expect(rp.m3).toBeCloseTo(1200, 8);
    expect(rp.m0 - rp.m1).toBeCloseTo(rf.m0 - rf.m1, 8);
    const anchorRow = pinned.leaderboard.find((r) => r.model === "m3")!;
    expect(anchorRow.ciUpper! - anchorRow.ciLower!).toBeLessThan(1e-6);
    expect(() => computeLeaderboard(counts, { ci: "none", anchor: { model: "nope", rating: 1 } })).toThrow(
      /nope/,
    );
  });

  it("IPW reweights over-sampled outcomes in the expected direction", () => {
    // Equal true strength, but a's wins were logged twice as often (p = 0.5 vs 0.25).
    const battles: Battle[] = [];
    for (let k = 0; k < 200; k++) battles.push({ ...b("a", "b", "model_a"), samplingProbability: 0.5 });
    for (let k = 0; k < 100; k++) battles.push({ ...b("a", "b", "model_b"), samplingProbability: 0.25 });
    const counts = aggregateBattles(battles);
    const plain = ratingsOf(computeLeaderboard(counts, { ci: "none" }));
    const ipw = ratingsOf(computeLeaderboard(counts, { ci: "sandwich", ipw: true }));
    expect(plain.a - plain.b).toBeGreaterThan(100);
    expect(Math.abs(ipw.a - ipw.b)).toBeLessThan(1e-6);
    expect(() => computeLeaderboard(aggregateBattles([b("a", "b")]), { ci: "none", ipw: true })).toThrow(
      /weight/,
    );
  });

  it("minVotes hides models from the board and the matrices but keeps them in the fit", () => {
    const counts = aggregateBattles(sim.battles);
    const all = computeLeaderboard(counts, { ci: "none" });
    const minVotes = all.leaderboard[Math.floor(all.leaderboard.length / 2)].numBattles;
    const shown = computeLeaderboard(counts, { ci: "none", minVotes });
    expect(shown.leaderboard.every((r) => r.numBattles >= minVotes)).toBe(true);
    expect(shown.meta.hiddenModels.length + shown.leaderboard.length).toBe(30);
    expect(shown.battleCount).toHaveLength(shown.leaderboard.length);
    const kept = shown.leaderboard[0];
    expect(kept.rating).toBe(all.leaderboard.find((r) => r.model === kept.model)!.rating);
  });

  it("filterBattles selects a category; the engine accepts any subset", () => {
    const subset = filterBattles(sim.battles, (x) => x.modelA !== "m0" && x.modelB !== "m0");
    const res = computeLeaderboard(aggregateBattles(subset), { ci: "none" });
    expect(res.models).not.toContain("m0");
    expect(res.meta.nBattles).toBe(subset.length);
  });
});
