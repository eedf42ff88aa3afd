import { z } from "zod";
import { VOTE_CHOICES } from "./sides";

/** What the voter chose, in screen terms; the server maps left/right to stored a/b (sides.ts). */
export const VoteChoice = z.enum(VOTE_CHOICES);

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
