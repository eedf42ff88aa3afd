import { describe, expect, it } from "vitest";
import { criteriaKey, RateCriteriaInput } from "./vote-criteria";

const battleId = "6f1c1d2e-8a3b-4c5d-9e6f-7a8b9c0d1e2f";

describe("per-criterion vote input", () => {
  it("accepts known criteria with left/right/tie", () => {
    const r = RateCriteriaInput.safeParse({ battleId, answers: { style: "left", correctness: "tie" } });
    expect(r.success && r.data.answers).toEqual({ style: "left", correctness: "tie" });
  });

  it("refuses unknown criteria, other answers, an empty set and extra keys", () => {
    for (const bad of [
      { battleId, answers: { humour: "left" } },
      { battleId, answers: { style: "both_bad" } },
      { battleId, answers: { style: "a" } },
      { battleId, answers: {} },
      { battleId: "nope", answers: { style: "left" } },
      { battleId, answers: { style: "left" }, voterId: battleId },
    ]) {
      expect(RateCriteriaInput.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("criteria keys", () => {
  it("arms a criterion with its letter, then answers with A/B/T or the arrows", () => {
    expect(criteriaKey("h", null)).toEqual({ type: "arm", criterion: "helpfulness" });
    expect(criteriaKey("C", null)).toEqual({ type: "arm", criterion: "correctness" });
    expect(criteriaKey("a", "style")).toEqual({ type: "answer", criterion: "style", answer: "left" });
    expect(criteriaKey("ArrowRight", "style")).toEqual({
      type: "answer",
      criterion: "style",
      answer: "right",
    });
    expect(criteriaKey("t", "helpfulness")).toEqual({
      type: "answer",
      criterion: "helpfulness",
      answer: "tie",
    });
  });

  it("leaves A/B/T alone when nothing is armed, and another key disarms", () => {
    expect(criteriaKey("a", null)).toBeNull();
    expect(criteriaKey("t", null)).toBeNull();
    expect(criteriaKey("x", "style")).toEqual({ type: "disarm" });
    expect(criteriaKey("s", "helpfulness")).toEqual({ type: "arm", criterion: "style" });
  });
});
