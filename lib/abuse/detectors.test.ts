import { describe, expect, it } from "vitest";
import type { VoteChoice } from "@/lib/arena/sides";
import { seededRandom } from "@/lib/testing/seeded-random";
import {
  burst,
  fastVotes,
  identityChurn,
  likelihoodRatio,
  longerStreak,
  minReadingMs,
  sideStreak,
  targetFixation,
  winProbability,
} from "./detectors";
import type { VoteEvidence } from "./types";

function vote(over: Partial<VoteEvidence> = {}): VoteEvidence {
  return {
    voterId: "v1",
    at: 0,
    timeToVoteMs: 30_000,
    words: [100, 100],
    choice: "left",
    modelLeft: "a",
    modelRight: "b",
    ipHash: "ip1",
    ...over,
  };
}

const choices = (s: string): VoteEvidence[] =>
  [...s].map((c, i) =>
    vote({ at: i * 60_000, choice: ({ L: "left", R: "right", T: "tie", X: "both_bad" } as const)[c] }),
  );

describe("reading time", () => {
  it("needs the floor for short answers and words/speed for long ones", () => {
    expect(minReadingMs([5, 5])).toBe(1500);
    expect(minReadingMs([150, 300])).toBe(30_000);
  });

  it("scores the share of timed votes faster than reading time, ignoring untimed ones", () => {
    const votes = [
      vote({ timeToVoteMs: 1000, words: [150, 150] }), // needs 20 s
      vote({ timeToVoteMs: 19_999, words: [150, 150] }),
      vote({ timeToVoteMs: 20_000, words: [150, 150] }),
      vote({ timeToVoteMs: 2000, words: [1, 1] }),
      vote({ timeToVoteMs: null }),
    ];
    const s = fastVotes(votes);
    expect(s.score).toBe(0.5);
    expect(s.n).toBe(4);
    expect(s.detail).toEqual({ fast: 2, timed: 4 });
    expect(fastVotes([]).score).toBe(0);
  });
});

describe("streaks", () => {
  it("finds the longest same-side run; ties and both-bad break it", () => {
    expect(sideStreak(choices("LLRRRRLTLLL")).score).toBe(4);
    expect(sideStreak(choices("LLRRRRLTLLL")).detail).toEqual({ side: "right" });
    expect(sideStreak(choices("LLLXLLL")).score).toBe(3);
    expect(sideStreak([]).score).toBe(0);
  });

  it("orders votes by time before looking for runs", () => {
    const v = choices("LRLRLR").map((x, i) => ({ ...x, at: x.choice === "left" ? i : 100 + i }));
    expect(sideStreak(v).score).toBe(3);
  });

  it("counts runs of choosing the longer answer; near-equal lengths break them", () => {
    const v = [
      vote({ at: 1, words: [200, 100], choice: "left" }),
      vote({ at: 2, words: [100, 200], choice: "right" }),
      vote({ at: 3, words: [100, 200], choice: "right" }),
      vote({ at: 4, words: [100, 105], choice: "right" }), // within 10 %: breaks
      vote({ at: 5, words: [300, 100], choice: "left" }),
      vote({ at: 6, words: [300, 100], choice: "right" }), // the shorter: breaks
    ];
    expect(longerStreak(v).score).toBe(3);
  });
});

describe("burst", () => {
  it("counts the most votes inside any one window", () => {
    const at = [0, 10_000, 20_000, 59_999, 60_000, 200_000];
    expect(
      burst(
        at.map((t) => vote({ at: t })),
        60_000,
      ).score,
    ).toBe(4);
    expect(burst([], 60_000).score).toBe(0);
  });
});

describe("identity churn", () => {
  it("counts new cookies per IP hash in the densest window", () => {
    const day = 86_400_000;
    const origins = [
      ...Array.from({ length: 30 }, (_, i) => ({ voterId: `x${i}`, firstSeenAt: i * 1000, ipHash: "bad" })),
      { voterId: "h1", firstSeenAt: 0, ipHash: "home" },
      { voterId: "h2", firstSeenAt: 2 * day, ipHash: "home" },
      { voterId: "n", firstSeenAt: 0, ipHash: null },
    ];
    const out = identityChurn(origins, day);
    expect(out.get("bad")?.score).toBe(30);
    expect(out.get("home")?.score).toBe(1);
    expect(out.has("n")).toBe(false);
  });
});

describe("target fixation and likelihood ratio", () => {
  const ratings = { top: 1200, mid: 1000, low: 800 };

  it("uses the Elo scale: 400 points is 10:1", () => {
    expect(winProbability(1400, 1000)).toBeCloseTo(10 / 11, 12);
    expect(winProbability(1000, 1000)).toBe(0.5);
  });

  it("gives a known z for a model that always wins against a stronger one", () => {
    // 9 votes mid beats top: p = 1/(1+10^0.5) each, W = 9.
    const v = Array.from({ length: 9 }, () => vote({ modelLeft: "mid", modelRight: "top", choice: "left" }));
    const p = winProbability(1000, 1200);
    const s = targetFixation(v, ratings, 5);
    expect(s.score).toBeCloseTo((9 - 9 * p) / Math.sqrt(9 * p * (1 - p)), 10);
    expect(s.detail.model).toBe("mid");
    expect(s.detail.pushedDown).toBe("top");
    expect(targetFixation(v.slice(0, 4), ratings, 5).score).toBe(0);
  });

  it("scores an honest voter (outcomes drawn from the ratings) low and a rigger high", () => {
    const rnd = seededRandom(7);
    const models = Object.keys(ratings) as (keyof typeof ratings)[];
    const honest: VoteEvidence[] = [];
    const rigger: VoteEvidence[] = [];
    for (let i = 0; i < 200; i++) {
      const a = models[Math.floor(rnd() * 3)];
      let b = models[Math.floor(rnd() * 3)];
      if (b === a) b = models[(models.indexOf(a) + 1) % 3];
      const choice: VoteChoice = rnd() < winProbability(ratings[a], ratings[b]) ? "left" : "right";
      honest.push(vote({ modelLeft: a, modelRight: b, choice }));
      const riggedChoice = a === "mid" ? "left" : b === "mid" ? "right" : choice;
      rigger.push(vote({ modelLeft: a, modelRight: b, choice: riggedChoice }));
    }
    expect(Math.abs(targetFixation(honest, ratings).score)).toBeLessThan(3);
    expect(likelihoodRatio(honest, ratings).score).toBeLessThan(3);
    expect(targetFixation(rigger, ratings).score).toBeGreaterThan(5);
    expect(targetFixation(rigger, ratings).detail.model).toBe("mid");
    expect(likelihoodRatio(rigger, ratings).score).toBeGreaterThan(3);
  });

  it("computes the likelihood z by hand for one unlikely vote", () => {
    const p = winProbability(800, 1200);
    const s = likelihoodRatio([vote({ modelLeft: "low", modelRight: "top", choice: "left" })], ratings);
    const mean = p * Math.log(p) + (1 - p) * Math.log(1 - p);
    const sd = Math.sqrt(p * (1 - p)) * Math.abs(Math.log(p / (1 - p)));
    expect(s.score).toBeCloseTo((mean - Math.log(p)) / sd, 10);
    expect(s.n).toBe(1);
  });

  it("skips ties and models without a rating", () => {
    const v = [vote({ choice: "tie", modelLeft: "top", modelRight: "low" }), vote({ modelLeft: "new" })];
    expect(likelihoodRatio(v, ratings)).toMatchObject({ score: 0, n: 0 });
  });
});
