import { describe, expect, it } from "vitest";
import { aggregateBattles } from "../battles";
import { Xoshiro128 } from "../rng";
import type { Outcome, PairCount } from "../types";
import { findCycles } from "./cycles";
import { fitEffects, SIDE_FEATURE } from "./effects";
import { kFoldLogLoss } from "./holdout";
import { positionBias } from "./position-bias";
import { proportion } from "./proportion";
import { rankConfidence } from "./rank-confidence";
import type { DiagnosticVote } from "./types";
import { voterQuality } from "./voter-quality";

const pWin = (ra: number, rb: number) => 1 / (1 + 10 ** ((rb - ra) / 400));

/** A crowd voting on `truth` (Elo), sides fair coins; `choose` may override the winner. */
function crowd(
  truth: Record<string, number>,
  n: number,
  seed: number,
  choose?: (v: DiagnosticVote, rng: Xoshiro128) => Outcome | null,
): DiagnosticVote[] {
  const rng = new Xoshiro128(seed);
  const models = Object.keys(truth);
  const votes: DiagnosticVote[] = [];
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rng.nextFloat() * models.length);
    let j = Math.floor(rng.nextFloat() * (models.length - 1));
    if (j >= i) j++;
    const tokens: [number, number] = [
      50 + Math.floor(rng.nextFloat() * 950),
      50 + Math.floor(rng.nextFloat() * 950),
    ];
    const v: DiagnosticVote = {
      modelA: models[i],
      modelB: models[j],
      outcome: "tie",
      shownLeft: rng.nextFloat() < 0.5 ? "a" : "b",
      at: Date.UTC(2026, 11, 1) + k * 60_000,
      voterId: `voter${k % 20}`,
      timeToVoteMs: 5_000 + (tokens[0] + tokens[1]) * 40,
      features: { sum_assistant_tokens: tokens },
    };
    v.outcome =
      choose?.(v, rng) ??
      (rng.nextFloat() < 0.1
        ? "tie"
        : rng.nextFloat() < pWin(truth[v.modelA], truth[v.modelB])
          ? "model_a"
          : "model_b");
    votes.push(v);
  }
  return votes;
}

const counts = (votes: DiagnosticVote[]): PairCount[] => aggregateBattles(votes);

describe("proportion", () => {
  it("gives Wilson's interval, inside [0, 1] even at 100%", () => {
    const p = proportion(50, 100);
    expect(p.p).toBe(0.5);
    expect(p.ciLower).toBeCloseTo(0.4038, 3);
    expect(p.ciUpper).toBeCloseTo(0.5962, 3);
    const all = proportion(200, 200);
    expect(all.p).toBe(1);
    expect(all.ciUpper).toBeCloseTo(1, 12);
    expect(all.ciLower).toBeGreaterThan(0.98);
    expect(proportion(0, 0).p).toBeNull();
  });
});

describe("position bias", () => {
  const truth = { a: 1100, b: 1000, c: 900 };
  it("a crowd that always picks the left side shows P(left) ≈ 1, overall and for every model", () => {
    const votes = crowd(truth, 600, 1, (v) => (v.shownLeft === "a" ? "model_a" : "model_b"));
    const bias = positionBias(votes);
    expect(bias.overall.p).toBe(1);
    expect(bias.overall.ciLower).toBeGreaterThan(0.99);
    expect(bias.perModel.map((m) => m.model).sort()).toEqual(["a", "b", "c"]);
    for (const m of bias.perModel) expect(m.p).toBe(1);
    expect(bias.overTime.length).toBe(1);
  });
  it("an honest crowd's P(left) has ½ inside its interval", () => {
    const bias = positionBias(crowd(truth, 2000, 2));
    expect(bias.overall.ciLower!).toBeLessThan(0.5);
    expect(bias.overall.ciUpper!).toBeGreaterThan(0.5);
    expect(bias.overall.n).toBeLessThan(2000); // ties left out
  });
  it("the side covariate measures the left side's pull and the side-controlled board keeps the order", () => {
    // Left answer wins 30% of even contests outright before quality is looked at.
    const votes = crowd(truth, 4000, 3, (v, rng) => {
      if (rng.nextFloat() < 0.3) return v.shownLeft === "a" ? "model_a" : "model_b";
      return rng.nextFloat() < pWin(truth[v.modelA as "a"], truth[v.modelB as "a"]) ? "model_a" : "model_b";
    });
    const fit = fitEffects(votes, [])!;
    const side = fit.effects.find((e) => e.feature === SIDE_FEATURE)!;
    expect(side.ciLower!).toBeGreaterThan(0);
    // P(left wins) = 0.3 + 0.7·½ = 0.65 between even models: logit 0.619 = 108 rating points.
    expect(fit.leftAdvantage!.points).toBeGreaterThan(85);
    expect(fit.leftAdvantage!.points).toBeLessThan(130);
    expect(fit.board.leaderboard.map((r) => r.model)).toEqual(["a", "b", "c"]);
    const fair = fitEffects(crowd(truth, 4000, 4), [])!;
    expect(fair.leftAdvantage!.ciLower!).toBeLessThan(0);
    expect(fair.leftAdvantage!.ciUpper!).toBeGreaterThan(0);
  });
});

describe("what wins besides quality", () => {
  it("a verbosity-biased crowd gives a positive length coefficient; a length-blind one does not", () => {
    const truth = { a: 1000, b: 1000, c: 1000, d: 1000 };
    const biased = crowd(truth, 3000, 5, (v, rng) => {
      const [ta, tb] = v.features!.sum_assistant_tokens;
      return rng.nextFloat() < 0.75 ? (ta > tb ? "model_a" : "model_b") : ta > tb ? "model_b" : "model_a";
    });
    const fit = fitEffects(biased, ["sum_assistant_tokens"])!;
    const len = fit.effects.find((e) => e.feature === "sum_assistant_tokens")!;
    expect(len.eloPerSd).toBeGreaterThan(50);
    expect(len.ciLower!).toBeGreaterThan(0);
    expect(len.n).toBe(3000);
    const blind = fitEffects(crowd(truth, 3000, 6), ["sum_assistant_tokens"])!;
    const len0 = blind.effects.find((e) => e.feature === "sum_assistant_tokens")!;
    expect(len0.ciLower!).toBeLessThan(0);
    expect(len0.ciUpper!).toBeGreaterThan(0);
  });
  it("leaves out votes missing a covariate and marks covariates that never differ", () => {
    const votes = crowd({ a: 1050, b: 950 }, 300, 7).map((v, k) => ({
      ...v,
      features:
        k % 3 === 0
          ? { refusal: [0, 0] as [number, number] }
          : { ...v.features, refusal: [0, 0] as [number, number] },
    }));
    const fit = fitEffects(votes, ["sum_assistant_tokens", "refusal"], { side: false })!;
    expect(fit.effects.map((e) => e.feature)).toEqual(["sum_assistant_tokens", "refusal"]);
    expect(fit.effects[0].n).toBe(200);
    expect(fit.effects[1]).toMatchObject({ constant: true, eloPerSd: 0, ciLower: null });
    expect(fit.leftAdvantage).toBeNull();
    expect(fitEffects([], ["x"])).toBeNull();
  });
});

describe("how sure the ranking is", () => {
  it("a clear leader is #1 in nearly every round; two near-twins share their ranks", () => {
    const votes = crowd({ top: 1300, twin1: 1000, twin2: 1000, low: 700 }, 3000, 8);
    const rc = rankConfidence(counts(votes), { rounds: 200, seed: 1 });
    const row = (m: string) => rc.rows.find((r) => r.model === m)!;
    expect(rc.models[0]).toBe("top");
    expect(row("top").pFirst).toBeGreaterThan(0.99);
    expect(row("top")).toMatchObject({ rank: 1, rankLower: 1, rankUpper: 1 });
    expect(row("low").pTop3).toBeLessThan(0.01);
    expect(row("twin1").pTop3).toBeGreaterThan(0.99);
    expect(row("twin1").rankLower).toBe(2);
    expect(row("twin1").rankUpper).toBe(3);
    expect(row("twin1").rankCounts.reduce((s, c) => s + c, 0)).toBe(200);
    const i = (m: string) => rc.models.indexOf(m);
    expect(rc.significant[i("top")][i("twin1")]).toBe(true);
    expect(rc.significant[i("twin1")][i("twin2")]).toBe(false);
    expect(rc.significant[i("twin2")][i("twin1")]).toBe(false);
    expect(rc.pBetter[i("twin1")][i("twin2")]! + rc.pBetter[i("twin2")][i("twin1")]!).toBeCloseTo(1, 5);
    expect(rc.pBetter[i("top")][i("top")]).toBeNull();
  });
  it("is reproducible from its seed and ranks within connected groups only", () => {
    const c: PairCount[] = [
      { modelA: "a", modelB: "b", outcome: "model_a", count: 30 },
      { modelA: "a", modelB: "b", outcome: "model_b", count: 10 },
      { modelA: "x", modelB: "y", outcome: "model_a", count: 30 },
      { modelA: "x", modelB: "y", outcome: "model_b", count: 10 },
    ];
    const rc = rankConfidence(c, { rounds: 100, seed: 3 });
    expect(rankConfidence(c, { rounds: 100, seed: 3 })).toEqual(rc);
    expect(
      rc.rows
        .filter((r) => r.rank === 1)
        .map((r) => r.model)
        .sort(),
    ).toEqual(["a", "x"]);
    expect(rc.pBetter[rc.models.indexOf("a")][rc.models.indexOf("x")]).toBeNull();
  });
});

describe("intransitive cycles", () => {
  it("finds a planted A > B > C > A with its support, and nothing in a transitive crowd", () => {
    const c: PairCount[] = [
      { modelA: "A", modelB: "B", outcome: "model_a", count: 70 },
      { modelA: "A", modelB: "B", outcome: "model_b", count: 30 },
      { modelA: "B", modelB: "C", outcome: "model_a", count: 65 },
      { modelA: "C", modelB: "B", outcome: "model_a", count: 35 },
      { modelA: "C", modelB: "A", outcome: "model_a", count: 40 },
      { modelA: "A", modelB: "C", outcome: "model_b", count: 20 },
      { modelA: "A", modelB: "C", outcome: "tie", count: 50 },
      { modelA: "D", modelB: "A", outcome: "model_b", count: 90 },
      { modelA: "D", modelB: "B", outcome: "model_b", count: 90 },
      { modelA: "D", modelB: "C", outcome: "model_b", count: 90 },
    ];
    const { cycles, total } = findCycles(c, { minSupport: 10 });
    expect(total).toBe(1);
    expect(cycles[0].models).toEqual(["A", "B", "C"]);
    expect(cycles[0].edges.map((e) => [e.winner, e.loser, e.n])).toEqual([
      ["A", "B", 100],
      ["B", "C", 100],
      ["C", "A", 60],
    ]);
    expect(cycles[0].support).toBe(60);
    expect(cycles[0].minMargin).toBeCloseTo(0.15, 10);
    expect(cycles[0].significant).toBe(true);
    expect(findCycles(c, { minSupport: 61 }).total).toBe(0);
    expect(findCycles(counts(crowd({ a: 1200, b: 1000, c: 800 }, 3000, 9))).total).toBe(0);
  });
});

describe("held-out log-loss", () => {
  it("the fit beats a coin flip and the per-pair baseline on Bradley-Terry data", () => {
    const truth = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${i}`, 800 + 40 * i]));
    const h = kFoldLogLoss(counts(crowd(truth, 3000, 10)), { folds: 5, seed: 2 });
    expect(h.n).toBe(3000);
    expect(h.logLoss.coinFlip).toBeCloseTo(Math.LN2, 10);
    expect(h.logLoss.bt).toBeLessThan(h.logLoss.coinFlip - 0.05);
    expect(h.logLoss.bt).toBeLessThan(h.logLoss.pairWinRate);
    expect(h.accuracy.bt).toBeGreaterThan(0.65);
    expect(h.accuracy.coinFlip).toBeCloseTo(0.5, 10);
    expect(() => kFoldLogLoss([], { folds: 1 })).toThrow();
  });
  it("on coin-flip votes nothing beats the coin by much", () => {
    const h = kFoldLogLoss(counts(crowd({ a: 1000, b: 1000, c: 1000 }, 2000, 11)));
    expect(h.logLoss.bt).toBeGreaterThan(h.logLoss.coinFlip - 0.01);
  });
});

describe("voter quality", () => {
  const truth = { a: 1300, b: 1000, c: 700 };
  it("flags an always-left, too-fast voter and one who votes against the consensus; honest voters pass", () => {
    const honest = crowd(truth, 1000, 12);
    const clicker = crowd(truth, 40, 13, (v) => (v.shownLeft === "a" ? "model_a" : "model_b")).map((v) => ({
      ...v,
      voterId: "clicker",
      timeToVoteMs: 800,
    }));
    const contrarian = crowd(truth, 40, 14, (v) =>
      truth[v.modelA as "a"] > truth[v.modelB as "a"] ? "model_b" : "model_a",
    ).map((v) => ({ ...v, voterId: "contrarian" }));
    const ratings = new Map(Object.entries(truth));
    const q = voterQuality([...honest, ...clicker, ...contrarian], ratings);
    const row = (id: string) => q.find((r) => r.voterId === id)!;
    expect(row("clicker").leftShare).toBe(1);
    expect(row("clicker").tooFastShare).toBe(1);
    expect(row("clicker").longestSideStreak).toBe(40);
    expect(row("clicker").flags.join(" ")).toMatch(/left side 100%/);
    expect(row("clicker").flags.join(" ")).toMatch(/faster than reading/);
    expect(row("contrarian").agreement).toBe(0);
    expect(row("contrarian").agreementZ!).toBeLessThan(-3);
    expect(row("contrarian").flags).toContain("votes against the consensus far more than chance");
    const honestRows = q.filter((r) => r.voterId.startsWith("voter"));
    expect(honestRows.length).toBe(20);
    for (const r of honestRows) {
      expect(r.flags).toEqual([]);
      expect(r.timeLengthCorrelation!).toBeGreaterThan(0.99);
    }
    expect(
      q
        .slice(0, 2)
        .map((r) => r.voterId)
        .sort(),
    ).toEqual(["clicker", "contrarian"]);
  });
});
