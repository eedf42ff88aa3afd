import "server-only";
import { suggestQuarantine } from "@/lib/db/abuse-flags";
import { env } from "@/lib/env";
import type { VoterQuality } from "@/lib/ratings/diagnostics/voter-quality";
import { decide, type Policy, parsePolicy } from "./policy";
import { lowQualitySignal } from "./voter-quality-signal";

/**
 * Turns the voter-quality report into abuse flags: a voter whose low_quality signal passes
 * the policy's `suggest` gets (or updates) an open suggestion for maintainers, which also
 * makes them pass a challenge before their next votes. Never quarantines by itself (the
 * policy's `auto` for low_quality is null by default); returns the voters passed the
 * policy (the store skips those already quarantined).
 */
export async function flagLowQualityVoters(
  rows: readonly VoterQuality[],
  policy: Policy = parsePolicy(env().ARENA_ABUSE_POLICY),
): Promise<string[]> {
  const flagged: string[] = [];
  for (const row of rows) {
    const verdict = decide([lowQualitySignal(row)], policy);
    if (verdict.findings.length === 0) continue;
    await suggestQuarantine({ voterId: row.voterId, findings: verdict.findings });
    flagged.push(row.voterId);
  }
  return flagged;
}
