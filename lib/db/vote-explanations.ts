import "server-only";
import { AppError } from "@/lib/errors";
import { db } from "./client";

/**
 * Adds (or replaces) the voter's reason chips and one-line why on a vote already cast. A
 * separate write after the vote, so explaining never slows the vote or the next battle; only
 * the voter who cast the vote can explain it, and it changes nothing the fit reads.
 */
export async function explainVote(input: {
  battleId: string;
  voterId: string;
  reasons: string[];
  rationale?: string;
}): Promise<{ status: "ok" }> {
  const reasons = [...new Set(input.reasons)];
  const rationale = input.rationale ? input.rationale : null;
  const updated = await db.$executeRaw`
    UPDATE votes SET reasons = ${reasons}::text[], rationale = ${rationale}
    WHERE battle_id = ${input.battleId}::uuid AND voter_id = ${input.voterId}::uuid`;
  if (updated === 0) throw new AppError("not_found", "No vote of yours on this battle to explain.");
  return { status: "ok" };
}
