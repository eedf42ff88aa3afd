import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/testing/seeded-random";
import { sideStreak } from "./detectors";
import { DEFAULT_POLICY, decide, parsePolicy, REASON } from "./policy";
import type { Signal, VoteEvidence } from "./types";

const sig = (detector: Signal["detector"], score: number, n = 100): Signal => ({
  detector,
  score,
  n,
  detail: {},
});

describe("decide", () => {
  it("quarantines above auto, suggests between suggest and auto, ignores the rest", () => {
    const v = decide([sig("side_streak", 25), sig("burst", 12), sig("fast_votes", 0.1)]);
    expect(v.quarantine).toBe(REASON.side_streak);
    expect(v.findings.map((f) => [f.signal.detector, f.level])).toEqual([
      ["side_streak", "auto"],
      ["burst", "suggest"],
    ]);
  });

  it("ignores scores resting on too few votes", () => {
    expect(decide([sig("target_fixation", 9, 3)]).findings).toEqual([]);
  });

  it("names the strongest automatic finding relative to its threshold", () => {
    const v = decide([sig("side_streak", 21), sig("target_fixation", 10)]);
    expect(v.quarantine).toBe(REASON.target_fixation);
  });

  it("never quarantines on a detector whose auto is null", () => {
    const policy = parsePolicy(JSON.stringify({ burst: { auto: null } }));
    expect(decide([sig("burst", 1000)], policy)).toMatchObject({
      quarantine: null,
      findings: [{ level: "suggest" }],
    });
  });
});

describe("parsePolicy", () => {
  it("merges an override over the defaults", () => {
    const p = parsePolicy('{"fast_votes":{"auto":0.9}}');
    expect(p.fast_votes).toEqual({ ...DEFAULT_POLICY.fast_votes, auto: 0.9 });
    expect(p.burst).toEqual(DEFAULT_POLICY.burst);
    expect(parsePolicy(undefined)).toBe(DEFAULT_POLICY);
  });

  it("refuses unknown detectors, bad numbers and bad JSON with a readable error", () => {
    expect(() => parsePolicy('{"nope":{}}')).toThrow(/ARENA_ABUSE_POLICY/);
    expect(() => parsePolicy('{"burst":{"auto":-1}}')).toThrow(/ARENA_ABUSE_POLICY/);
    expect(() => parsePolicy("{")).toThrow(/not valid JSON/);
  });
});

describe("default thresholds against simulated honest voters", () => {
  it("1,000 fair voters with 100 votes each (55 % left-bias) never reach auto on side streaks", () => {
    const rnd = seededRandom(13);
    let autos = 0;
    for (let voter = 0; voter < 1000; voter++) {
      const votes: VoteEvidence[] = Array.from({ length: 100 }, (_, i) => ({
        voterId: "v",
        at: i,
        timeToVoteMs: 20_000,
        words: [100, 100],
        choice: rnd() < 0.1 ? "tie" : rnd() < 0.55 ? "left" : "right",
        modelLeft: "a",
        modelRight: "b",
        ipHash: null,
      }));
      if (decide([sideStreak(votes)]).quarantine) autos++;
    }
    expect(autos).toBe(0);
  });
});
