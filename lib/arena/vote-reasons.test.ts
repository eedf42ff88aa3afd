import { describe, expect, it } from "vitest";
import { ExplainVoteInput, MAX_RATIONALE_CHARS, reasonForKey, VOTE_REASONS } from "./vote-reasons";

const battleId = "00000000-0000-4000-8000-000000000001";

describe("vote reasons", () => {
  it("maps digit keys 1–9 onto the chips in order", () => {
    expect(VOTE_REASONS).toHaveLength(9);
    expect(reasonForKey("1")).toBe("correct");
    expect(reasonForKey("9")).toBe("unsafe");
    expect(reasonForKey("0")).toBeNull();
    expect(reasonForKey("a")).toBeNull();
  });
  it("accepts known chips only and folds the why onto one trimmed line", () => {
    const ok = ExplainVoteInput.parse({
      battleId,
      reasons: ["correct", "too_long"],
      rationale: "  A was\nright  ",
    });
    expect(ok).toEqual({ battleId, reasons: ["correct", "too_long"], rationale: "A was right" });
    expect(ExplainVoteInput.parse({ battleId }).reasons).toEqual([]);
    expect(ExplainVoteInput.safeParse({ battleId, reasons: ["bribed"] }).success).toBe(false);
    const long = ExplainVoteInput.parse({ battleId, rationale: "x".repeat(MAX_RATIONALE_CHARS + 50) });
    expect(long.rationale).toHaveLength(MAX_RATIONALE_CHARS);
    expect(
      ExplainVoteInput.safeParse({ battleId, rationale: "x".repeat(MAX_RATIONALE_CHARS * 3) }).success,
    ).toBe(false);
  });
});
