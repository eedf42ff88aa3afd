import { z } from "zod";

/**
 * Reason chips a voter may add after voting, about the answer they preferred (the good
 * ones) or the one they did not (the bad ones). Stored as these ids in votes.reasons; the
 * dumps carry them as they are.
 */
export const VOTE_REASONS = [
  { id: "correct", label: "Correct", tone: "good" },
  { id: "helpful", label: "Helpful", tone: "good" },
  { id: "clear", label: "Clear", tone: "good" },
  { id: "concise", label: "Concise", tone: "good" },
  { id: "creative", label: "Creative", tone: "good" },
  { id: "incorrect", label: "Other was incorrect", tone: "bad" },
  { id: "too_long", label: "Other too long", tone: "bad" },
  { id: "refused", label: "Other refused", tone: "bad" },
  { id: "unsafe", label: "Other unsafe", tone: "bad" },
] as const;

export type VoteReasonId = (typeof VOTE_REASONS)[number]["id"];

const REASON_IDS = VOTE_REASONS.map((r) => r.id) as [VoteReasonId, ...VoteReasonId[]];

/** The one-line "why": short, single line, so it stays a label rather than an essay. */
export const MAX_RATIONALE_CHARS = 280;

export const ExplainVoteInput = z.strictObject({
  battleId: z.uuid({ message: "battleId must be a UUID" }),
  reasons: z.array(z.enum(REASON_IDS)).max(VOTE_REASONS.length).default([]),
  rationale: z
    .string()
    .max(MAX_RATIONALE_CHARS * 2)
    .transform((s) => s.replace(/\s+/g, " ").trim().slice(0, MAX_RATIONALE_CHARS))
    .optional(),
});
export type ExplainVoteInput = z.infer<typeof ExplainVoteInput>;

/** The chip toggled by a digit key after the vote ("1" → the first chip), or null. */
export function reasonForKey(key: string): VoteReasonId | null {
  if (!/^[1-9]$/.test(key)) return null;
  return VOTE_REASONS[Number(key) - 1]?.id ?? null;
}
