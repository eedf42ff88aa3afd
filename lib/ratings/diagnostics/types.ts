import type { Outcome } from "../types";

/** One counted vote with what the diagnostics need beyond the fit's (pair, outcome). */
export interface DiagnosticVote {
  modelA: string;
  modelB: string;
  outcome: Outcome;
  /** Which of A/B the voter saw on the left. */
  shownLeft: "a" | "b";
  /** When the vote was cast (ms since the epoch). */
  at?: number;
  voterId?: string;
  /** Server-measured time from both answers complete to the vote. */
  timeToVoteMs?: number | null;
  /** Per-side covariates, model A then B (answer tokens, hedges, refusals, links, language match…). */
  features?: Record<string, readonly [number, number]>;
}

/** The side the winner was shown on, or null for a tie / both-bad. */
export function winningSide(v: Pick<DiagnosticVote, "outcome" | "shownLeft">): "left" | "right" | null {
  if (v.outcome === "model_a") return v.shownLeft === "a" ? "left" : "right";
  if (v.outcome === "model_b") return v.shownLeft === "b" ? "left" : "right";
  return null;
}
