import { describe, expect, it } from "vitest";
import type { PairCount } from "@/lib/ratings";
import { seededRandom } from "@/lib/testing/seeded-random";
import {
  cohortFixation,
  cohortVerdict,
  type DealEvidence,
  type Fit,
  fitRatings,
  ratingsFor,
  selectiveVoting,
  withoutVotes,
} from "./cohort";
import { winProbability } from "./detectors";
import { DEFAULT_POLICY, REASON } from "./policy";
import type { VoteEvidence } from "./types";

// Ten models 40 points apart; "m5" is mid-table, the attackers' target.
const TRUTH: Record<string, number> = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => [`m${i}`, 1180 - 40 * i]),
);
const MODELS = Object.keys(TRUTH);
const TARGET = "m5";

type Rnd = () => number;

function pair(rnd: Rnd, withModel?: string): [string, string] {
  const a = withModel ?? MODELS[Math.floor(rnd() * MODELS.length)];
  let b = a;
  while (b === a) b = MODELS[Math.floor(rnd() * MODELS.length)];
  return rnd() < 0.5 ? [a, b] : [b, a];
}

function honestVote(rnd: Rnd, voterId: string, at: number, truth = TRUTH): VoteEvidence {
  const [l, r] = pair(rnd);
  const x = rnd();
  const choice =
    x < 0.05 ? "tie" : x < 0.1 ? "both_bad" : rnd() < winProbability(truth[l], truth[r]) ? "left" : "right";
  return {
    voterId,
    at,
    timeToVoteMs: 20_000,
    words: [80, 80],
    choice,
    modelLeft: l,
    modelRight: r,
    ipHash: "nat",
  };
}

function riggedVote(rnd: Rnd, voterId: string, at: number): VoteEvidence {
  const [l, r] = pair(rnd, TARGET);
  const choice = l === TARGET ? "left" : "right";
  return {
    voterId,
    at,
    timeToVoteMs: 20_000,
    words: [80, 80],
    choice,
    modelLeft: l,
    modelRight: r,
    ipHash: "nat",
  };
}

function cells(votes: readonly VoteEvidence[]): PairCount[] {
  const out = new Map<string, PairCount>();
  for (const v of votes) {
    const outcome =
      v.choice === "left"
        ? "model_a"
        : v.choice === "right"
          ? "model_b"
          : v.choice === "tie"
            ? "tie"
            : "tie (bothbad)";
    const key = `${v.modelLeft}|${v.modelRight}|${outcome}`;
    const c = out.get(key) ?? { modelA: v.modelLeft, modelB: v.modelRight, outcome, count: 0 };
    c.count++;
    out.set(key, c);
  }
  return [...out.values()];
}

function crowd(rnd: Rnd, voters: number, each: number, prefix = "h"): VoteEvidence[] {
  return Array.from({ length: voters * each }, (_, i) => honestVote(rnd, `${prefix}${i % voters}`, i));
}

function fitOf(votes: readonly VoteEvidence[]): Fit {
  const c = cells(votes);
  return { cells: c, ratings: fitRatings(c) };
}

describe("leave-out ratings", () => {
  it("removes exactly the given votes from the counted cells, whichever side the models were on", () => {
    const rnd = seededRandom(1);
    const all = crowd(rnd, 20, 20);
    const some = all.slice(0, 50);
    const rest = all.slice(50);
    const removed = fitRatings(withoutVotes(cells(all), some));
    const direct = fitRatings(cells(rest));
    for (const m of MODELS) expect(removed[m]).toBeCloseTo(direct[m], 6);
  });

  it("ignores votes that do not count (they are not in the cells)", () => {
    const rnd = seededRandom(2);
    const all = crowd(rnd, 5, 10);
    const notCounted = all.map((v) => ({ ...v, counted: false }));
    const kept = fitRatings(withoutVotes(cells(all), notCounted));
    const direct = fitRatings(cells(all));
    for (const m of MODELS) expect(kept[m]).toBeCloseTo(direct[m], 6);
  });
});

describe("cohort fixation", () => {
  it("finds identities that rotate cookies at one address and push one model, not their honest neighbours", () => {
    const rnd = seededRandom(3);
    const honest = crowd(rnd, 150, 20);
    // Behind the same address: 40 attacker cookies × 10 target votes, and 8 honest voters × 20 votes.
    const attack = Array.from({ length: 400 }, (_, i) => riggedVote(rnd, `bot${Math.floor(i / 10)}`, i));
    const neighbours = crowd(rnd, 8, 20, "nat");
    const everything = [...honest, ...attack, ...neighbours];
    const fit = fitOf(everything); // the attack counted: the plain fit believes in it
    const cohort = cohortVerdict([...attack, ...neighbours], fit, DEFAULT_POLICY);
    expect(cohort?.verdict.quarantine).toBe(REASON.cohort_fixation);
    expect(cohort?.signal.detail.model).toBe(TARGET);
    expect(new Set(cohort?.members)).toEqual(new Set(Array.from({ length: 40 }, (_, i) => `bot${i}`)));
  });

  it("understates an attack against ratings it already moved, and not against leave-out ratings", () => {
    const rnd = seededRandom(4);
    const honest = crowd(rnd, 60, 20);
    const attack = Array.from({ length: 300 }, (_, i) => riggedVote(rnd, `bot${Math.floor(i / 10)}`, i));
    const fit = fitOf([...honest, ...attack]);
    const plain = cohortFixation(attack, fit.ratings);
    const leaveOut = cohortFixation(attack, ratingsFor(attack, fit));
    expect(plain.detail.effect as number).toBeLessThan(0.3);
    expect(leaveOut.detail.effect as number).toBeGreaterThan(0.45);
    expect(leaveOut.score).toBeGreaterThan(plain.score);
  });

  it("leaves a shared NAT of honest voters alone, even one that likes a model more than the crowd", () => {
    for (const seed of [5, 6, 7, 8, 9]) {
      const rnd = seededRandom(seed);
      const crowdVotes = crowd(rnd, 150, 20);
      // 100 voters behind one address whose taste lifts the target by 60 points.
      const taste = { ...TRUTH, [TARGET]: TRUTH[TARGET] + 60 };
      const campus = Array.from({ length: 2000 }, (_, i) => honestVote(rnd, `c${i % 100}`, i, taste));
      const cohort = cohortVerdict(campus, fitOf([...crowdVotes, ...campus]), DEFAULT_POLICY);
      expect(cohort?.verdict.quarantine ?? null).toBeNull();
      expect(cohort?.members ?? []).toHaveLength(0);
    }
  });

  it("names voters who push a rival down as members too", () => {
    const rnd = seededRandom(10);
    const honest = crowd(rnd, 100, 20);
    const rival = "m4";
    const pushDown = Array.from({ length: 200 }, (_, i) => {
      const [l, r] = pair(rnd, rival);
      return {
        ...riggedVote(rnd, `d${Math.floor(i / 10)}`, i),
        modelLeft: l,
        modelRight: r,
        choice: l === rival ? "right" : "left",
      } as VoteEvidence;
    });
    const signal = cohortFixation(pushDown, ratingsFor(pushDown, fitOf([...honest, ...pushDown])));
    expect(signal.detail).toMatchObject({ model: rival, direction: "down" });
    expect(signal.detail.members).toHaveLength(20);
  });

  it("needs two voters at the address (a lone voter is screened on its own)", () => {
    const rnd = seededRandom(11);
    const attack = Array.from({ length: 50 }, (_, i) => riggedVote(rnd, "solo", i));
    expect(cohortVerdict(attack, fitOf([...crowd(rnd, 50, 20), ...attack]), DEFAULT_POLICY)).toBeNull();
  });
});

describe("selective voting", () => {
  const deal = (rnd: Rnd, voterId: string, voted: (models: [string, string]) => boolean): DealEvidence => {
    const models = pair(rnd);
    return { voterId, models, voted: voted(models) };
  };

  it("names cookies that vote only when the target is shown", () => {
    const rnd = seededRandom(21);
    const bots = Array.from({ length: 250 }, (_, i) => deal(rnd, `bot${i % 5}`, (m) => m.includes(TARGET)));
    const honest = Array.from({ length: 300 }, (_, i) => deal(rnd, `h${i % 6}`, () => rnd() < 0.95));
    const signal = selectiveVoting([...bots, ...honest]);
    expect(signal.score).toBeGreaterThan(DEFAULT_POLICY.selective_voting.auto!);
    expect(signal.detail.model).toBe(TARGET);
    expect(new Set(signal.detail.members as string[])).toEqual(
      new Set(["bot0", "bot1", "bot2", "bot3", "bot4"]),
    );
  });

  it("stays quiet for people who skip a few battles whatever the models", () => {
    for (const seed of [22, 23, 24, 25, 26]) {
      const rnd = seededRandom(seed);
      const honest = Array.from({ length: 2000 }, (_, i) => deal(rnd, `h${i % 100}`, () => rnd() < 0.85));
      const signal = selectiveVoting(honest);
      expect(signal.score).toBeLessThan(DEFAULT_POLICY.selective_voting.auto!);
      expect(signal.detail.members).toEqual([]);
    }
  });
});
