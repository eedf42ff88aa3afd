import { describe, expect, it } from "vitest";
import { EXCLUSION_REASONS, exclusionReasonFor, type VoteContext } from "./vote-rules";

const clean: VoteContext = { mode: "anonymous", leakCount: 0, parentBattleId: null, voterQuarantined: false };

describe("exclusionReasonFor", () => {
  it("counts anonymous and corpus votes without a leak, a parent or a quarantined voter", () => {
    expect(exclusionReasonFor(clean)).toBeNull();
    expect(exclusionReasonFor({ ...clean, mode: "corpus" })).toBeNull();
  });

  it("excludes each case on its own, with its reason", () => {
    expect(exclusionReasonFor({ ...clean, mode: "named" })).toBe(EXCLUSION_REASONS.named);
    expect(exclusionReasonFor({ ...clean, leakCount: 1 })).toBe(EXCLUSION_REASONS.leak);
    expect(exclusionReasonFor({ ...clean, parentBattleId: "p" })).toBe(EXCLUSION_REASONS.regenerated);
    expect(exclusionReasonFor({ ...clean, voterQuarantined: true })).toBe(EXCLUSION_REASONS.quarantined);
  });

  it("gives the first reason in the order named, leak, regenerated, quarantined", () => {
    const all: VoteContext = { mode: "named", leakCount: 2, parentBattleId: "p", voterQuarantined: true };
    expect(exclusionReasonFor(all)).toBe(EXCLUSION_REASONS.named);
    expect(exclusionReasonFor({ ...all, mode: "anonymous" })).toBe(EXCLUSION_REASONS.leak);
    expect(exclusionReasonFor({ ...all, mode: "anonymous", leakCount: 0 })).toBe(
      EXCLUSION_REASONS.regenerated,
    );
    expect(exclusionReasonFor({ ...all, mode: "corpus", leakCount: 0, parentBattleId: null })).toBe(
      EXCLUSION_REASONS.quarantined,
    );
  });

  it("keeps the stored reason texts (dumps and dataset cards carry them)", () => {
    expect(Object.values(EXCLUSION_REASONS)).toEqual([
      "named battle (models chosen by the voter)",
      "a model's identity was revealed in the battle",
      "regenerated after the models were revealed",
      "voter quarantined",
    ]);
  });
});
