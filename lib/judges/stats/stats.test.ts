import { describe, expect, it } from "vitest";
import { Xoshiro128 } from "@/lib/ratings/rng";
import type { BattleOutcome, JudgeVerdict } from "../verdict";
import { type JudgeOrder, toBattleVerdict } from "../verdict";
import { cohensKappa } from "./agreement";
import { judgeRunResults } from "./index";
import { kendallTauB, rankBiasedOverlap } from "./rank-compare";
import type { JudgedBattle } from "./types";

// Known-answer tests: judges whose behaviour is planted, on battles whose human votes
// are known, must show exactly that behaviour in the statistics.

const MODELS = ["m0", "m1", "m2", "m3", "m4"];
const FAMILY: Record<string, string> = { m0: "Acme", m1: "Acme", m2: "Beta", m3: "Gamma", m4: "Delta" };

/** Human votes from a fixed strength order (m0 best), with noise and some ties; balanced sides. */
function humanBattles(n: number, seed = 1): Omit<JudgedBattle, "judge">[] {
  const rng = new Xoshiro128(seed);
  const out: Omit<JudgedBattle, "judge">[] = [];
  for (let i = 0; i < n; i++) {
    const x = Math.floor(rng.nextFloat() * MODELS.length);
    let y = Math.floor(rng.nextFloat() * (MODELS.length - 1));
    if (y >= x) y++;
    const [modelA, modelB] = [MODELS[x], MODELS[y]];
    const pA = 1 / (1 + 10 ** ((x - y) / 2));
    const u = rng.nextFloat();
    const human: BattleOutcome = u < 0.1 ? "tie" : rng.nextFloat() < pA ? "a" : "b";
    out.push({ battleId: `b${i}`, modelA, modelB, familyA: FAMILY[modelA], familyB: FAMILY[modelB], human });
  }
  return out;
}

type Judge = (b: Omit<JudgedBattle, "judge">, order: JudgeOrder) => JudgeVerdict;
const judged = (battles: Omit<JudgedBattle, "judge">[], judge: Judge): JudgedBattle[] =>
  battles.map((b) => ({ ...b, judge: { ab: judge(b, "ab"), ba: judge(b, "ba") } }));

const alwaysFirst: Judge = (_b, order) => toBattleVerdict("first", order);
const copiesHuman: Judge = (b) => b.human;
/** Copies the human unless exactly one side is Acme's: then that side wins. */
const prefersAcme: Judge = (b) => {
  const a = b.familyA === "Acme";
  const bb = b.familyB === "Acme";
  return a === bb ? b.human : a ? "a" : "b";
};

describe("known-answer judges", () => {
  // Decisive human votes only, half for A and half for B: "balanced battles".
  const balanced = humanBattles(600).map((b, i) => ({
    ...b,
    human: (i % 2 === 0 ? "a" : "b") as BattleOutcome,
  }));

  it('an always-"A" judge: position bias ≈ 100%, agreement ≈ 50%', () => {
    const r = judgeRunResults(judged(balanced, alwaysFirst), "Acme", { rounds: 200 });
    expect(r.positionBias.flipRate.value).toBe(1);
    expect(r.positionBias.firstRate.value).toBe(1);
    expect(r.positionBias.favoured).toBe("first");
    expect(r.agreement.rate.value).toBeCloseTo(0.5, 5);
    // Each battle has exactly one agreeing verdict of two, so even the interval is ½.
    expect(r.agreement.rate.ciLow).toBeCloseTo(0.5, 5);
    expect(r.agreement.rate.ciHigh).toBeCloseTo(0.5, 5);
    expect(Math.abs(r.agreement.kappa.value)).toBeLessThan(0.05);
    // Every model wins exactly as often as it loses in the judge's eyes: its board is flat,
    // so there is no ranking to correlate (not a spurious τ or RBO from the tie-break).
    expect(Number.isNaN(r.leaderboards.tau.value)).toBe(true);
    expect(Number.isNaN(r.leaderboards.rbo.value)).toBe(true);
  });

  it("a judge that copies the human vote: κ = 1, agreement 100%, no position bias", () => {
    const r = judgeRunResults(judged(humanBattles(400), copiesHuman), "Acme", { rounds: 200 });
    expect(r.agreement.kappa.value).toBe(1);
    expect(r.agreement.kappa.ciLow).toBe(1);
    expect(r.agreement.rate.value).toBe(1);
    expect(r.positionBias.flipRate.value).toBe(0);
    expect(r.positionBias.favoured).toBeNull();
    expect(r.selfPreference.delta.value).toBe(0);
    expect(r.leaderboards.tau.value).toBe(1);
    expect(r.leaderboards.rbo.value).toBeCloseTo(1, 10);
    expect(r.disagreements).toEqual([]);
  });

  it("a judge planted to prefer its own family shows that self-preference", () => {
    const battles = humanBattles(800);
    const r = judgeRunResults(judged(battles, prefersAcme), "acme", { rounds: 300 });
    // The judge gives Acme's side the whole win on every mixed battle.
    expect(r.selfPreference.judgeOwnRate).toBe(1);
    const own = battles.filter((b) => (b.familyA === "Acme") !== (b.familyB === "Acme"));
    expect(r.selfPreference.n).toBe(own.length);
    const humanOwn =
      own.reduce((s, b) => {
        const acmeIsA = b.familyA === "Acme";
        const w = b.human === "tie" ? 0.5 : (b.human === "a") === acmeIsA ? 1 : 0;
        return s + w;
      }, 0) / own.length;
    expect(r.selfPreference.humanOwnRate).toBeCloseTo(humanOwn, 10);
    expect(r.selfPreference.delta.value).toBeCloseTo(1 - humanOwn, 10);
    expect(r.selfPreference.delta.ciLow).toBeGreaterThan(0);
    // A judge of another family sees no self-preference on the same verdicts' battles.
    const other = judgeRunResults(judged(battles, copiesHuman), "Beta", { rounds: 100 });
    expect(other.selfPreference.delta.value).toBe(0);
    // The biased judge's board lifts Acme's models: the most disagreeing battles are Acme's losses.
    expect(r.disagreements[0].gap).toBe(1);
    expect([r.disagreements[0].modelA, r.disagreements[0].modelB].some((m) => FAMILY[m] === "Acme")).toBe(
      true,
    );
  });

  it("unparseable verdicts are counted and left out of every statistic", () => {
    const battles = judged(humanBattles(50), (b, order) => (order === "ba" ? "unparseable" : b.human));
    const r = judgeRunResults(battles, null, { rounds: 50 });
    expect(r.verdicts).toBe(100);
    expect(r.unparseable).toBe(50);
    expect(r.agreement.n).toBe(50);
    expect(r.agreement.rate.value).toBe(1);
    expect(r.positionBias.pairs).toBe(0);
    expect(Number.isNaN(r.positionBias.flipRate.value)).toBe(true);
    expect(r.selfPreference.n).toBe(0);
  });

  it("is deterministic for a seed", () => {
    const battles = judged(humanBattles(100), prefersAcme);
    expect(judgeRunResults(battles, "Acme", { seed: 7, rounds: 50 })).toEqual(
      judgeRunResults(battles, "Acme", { seed: 7, rounds: 50 }),
    );
  });
});

describe("rank statistics", () => {
  it("Kendall τ-b: identical +1, reversed −1, ties handled", () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    // scipy.stats.kendalltau([1,2,2,3],[1,2,3,3]) = 0.8
    expect(kendallTauB([1, 2, 2, 3], [1, 2, 3, 3])).toBeCloseTo(0.8, 10);
  });

  it("RBO: identical 1, top swaps cost more than bottom swaps", () => {
    const s = ["a", "b", "c", "d", "e", "f"];
    expect(rankBiasedOverlap(s, s)).toBeCloseTo(1, 12);
    const topSwap = rankBiasedOverlap(s, ["b", "a", "c", "d", "e", "f"]);
    const bottomSwap = rankBiasedOverlap(s, ["a", "b", "c", "d", "f", "e"]);
    expect(topSwap).toBeLessThan(bottomSwap);
    expect(bottomSwap).toBeLessThan(1);
    expect(rankBiasedOverlap(["a", "b"], ["c", "d"])).toBe(0);
  });

  it("Cohen's κ: chance-level agreement is 0", () => {
    const mk = (human: BattleOutcome, j: BattleOutcome, i: number): JudgedBattle => ({
      battleId: `x${i}`,
      modelA: "p",
      modelB: "q",
      familyA: null,
      familyB: null,
      human,
      judge: { ab: j, ba: null },
    });
    // Human a/b 50:50, judge a/b 50:50 independently: p_o = p_e = ½.
    const bs = [mk("a", "a", 0), mk("a", "b", 1), mk("b", "a", 2), mk("b", "b", 3)];
    expect(cohensKappa(bs)).toBe(0);
  });
});
