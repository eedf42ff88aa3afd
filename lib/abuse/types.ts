import { z } from "zod";
import type { VoteChoice } from "@/lib/arena/sides";

/** What a maintainer or the auto policy asks of lib/db/quarantine.ts. */
export const QuarantineRequest = z.strictObject({
  voterId: z.uuid({ message: "voterId must be a UUID" }),
  /** Short, human-readable and counted per value in snapshots and dataset cards ("fast votes"). */
  reason: z
    .string()
    .trim()
    .min(1, "a reason is required")
    .max(120, "the reason must be at most 120 characters"),
  source: z.enum(["auto", "maintainer"]),
  /** Who decided: the maintainer's name or id, or the detector for automatic quarantines. */
  actor: z.string().trim().min(1).max(120).optional(),
  evidence: z.record(z.string(), z.unknown()).optional(),
});
export type QuarantineRequest = z.input<typeof QuarantineRequest>;

/**
 * One vote as the detectors see it: server-side facts only (the client's own timing is
 * never used). Models are slugs; `ipHash` is the keyed hash of the request's address.
 */
export interface VoteEvidence {
  voterId: string;
  /** When the server recorded the vote (ms since the epoch). */
  at: number;
  /** Server-measured: from both answers being complete to the vote; null when unknown. */
  timeToVoteMs: number | null;
  /** Words in the left and right answers as shown (all turns). */
  words: [number, number];
  choice: VoteChoice;
  modelLeft: string;
  modelRight: string;
  ipHash: string | null;
  /** Whether the vote counts publicly (is in the fitted ratings); undefined: assume it does. */
  counted?: boolean;
}

/** A voter as identity-churn sees it: when its cookie was first seen, and from where. */
export interface VoterOrigin {
  voterId: string;
  firstSeenAt: number;
  ipHash: string | null;
}

export type DetectorName =
  | "fast_votes"
  | "side_streak"
  | "longer_streak"
  | "burst"
  | "identity_churn"
  | "target_fixation"
  | "likelihood_ratio"
  | "cohort_fixation"
  | "selective_voting"
  | "low_quality";

/** A detector's verdict on one subject: a score compared with the policy's thresholds. */
export interface Signal {
  detector: DetectorName;
  score: number;
  /** Votes the score rests on (policies ignore scores resting on too few). */
  n: number;
  detail: Record<string, unknown>;
}
