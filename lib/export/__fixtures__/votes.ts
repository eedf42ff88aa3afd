import type { ExportVote } from "../types";

export const RAW_VOTER_ID = "4f1c2b7e-9a55-4c1e-8f00-1234567890ab";

/** A single-turn corpus vote where model A (alpha) was shown on the right and won. */
export function sampleVote(overrides: Partial<ExportVote> = {}): ExportVote {
  return {
    battleId: "0b6a1f0e-1111-4222-8333-944455556666",
    battleNumber: 17,
    judge: "0123456789abcdef0123456789abcdef",
    sessionId: "fedcba9876543210fedcba9876543210",
    evaluationOrder: 3,
    outcome: "a",
    votedAt: new Date("2026-03-01T12:00:00.250Z"),
    mode: "corpus",
    shownLeft: "b",
    modelA: "alpha",
    modelB: "beta",
    categoryTags: ["code", "corpus:demo", "lang:en"],
    countsForPublic: true,
    exclusionReason: null,
    turns: [
      {
        user: { content: 'Write a, b, and "c"\nplease', tokens: null },
        a: { content: "# Title\n\n- one\n- two\n\n**bold** text", tokens: 12 },
        b: { content: "Plain answer, with a comma.", tokens: 6 },
      },
    ],
    convMetadata: null,
    promptLabels: null,
    dedupTag: null,
    ...overrides,
  };
}
