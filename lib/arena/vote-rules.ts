// Which votes count for the public leaderboard. Excluded votes are still stored (and
// exported with include_excluded) with the reason, so every filter can be audited and
// undone; the first rule that applies gives the reason.

export const EXCLUSION_REASONS = {
  named: "named battle (models chosen by the voter)",
  leak: "a model's identity was revealed in the battle",
  regenerated: "regenerated after the models were revealed",
  quarantined: "voter quarantined",
} as const;

export type ExclusionReason = (typeof EXCLUSION_REASONS)[keyof typeof EXCLUSION_REASONS];

export interface VoteContext {
  mode: "anonymous" | "named" | "corpus";
  /** Findings of leak detection on the battle (prompt or answers). */
  leakCount: number;
  /** Set when the battle re-asks a revealed battle's pair ("Regenerate" after the vote). */
  parentBattleId: string | null;
  voterQuarantined: boolean;
}

/** Why this vote does not count publicly, or null when it does. */
export function exclusionReasonFor(v: VoteContext): ExclusionReason | null {
  // The voter chose the models: the pair is not a draw and the voter knew the names.
  if (v.mode === "named") return EXCLUSION_REASONS.named;
  if (v.leakCount > 0) return EXCLUSION_REASONS.leak;
  // The voter saw the names before this battle's answers.
  if (v.parentBattleId !== null) return EXCLUSION_REASONS.regenerated;
  if (v.voterQuarantined) return EXCLUSION_REASONS.quarantined;
  return null;
}
