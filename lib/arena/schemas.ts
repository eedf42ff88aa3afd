import { z } from "zod";

/** What the voter chose, in screen terms; the server maps left/right to model A/B. */
export const VoteChoice = z.enum(["left", "right", "tie", "both_bad"]);
export type VoteChoice = z.infer<typeof VoteChoice>;

export const CastVoteInput = z.strictObject({
  battleId: z.uuid({ message: "battleId must be a UUID" }),
  choice: VoteChoice,
  /** Milliseconds from the responses being shown to the click, as measured by the browser. */
  timeToVoteMs: z.number().int().min(0).max(86_400_000).optional(),
  reasons: z.array(z.string().min(1).max(40)).max(8).optional(),
  rationale: z.string().max(2000).optional(),
});
export type CastVoteInput = z.infer<typeof CastVoteInput>;

/** Largest vote request body we read, in bytes. */
export const MAX_VOTE_BODY_BYTES = 8 * 1024;

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}
