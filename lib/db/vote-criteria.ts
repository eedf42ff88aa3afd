import "server-only";
import { outcomeFor, type StoredSide } from "@/lib/arena/sides";
import {
  arenaOfMode,
  CRITERION_IDS,
  type CriterionAnswer,
  type CriterionId,
} from "@/lib/arena/vote-criteria";
import { AppError } from "@/lib/errors";
import { db } from "./client";

/**
 * Stores the voter's per-criterion answers on a vote already cast. Like the reason chips a
 * separate write after the vote (record_vote is untouched), only by the voter who cast it,
 * and only where a maintainer switched criteria on for the battle's arena. Each criterion is
 * answered once: a second answer for the same criterion is refused and nothing of that
 * request is stored (one transaction, the vote row locked so two racing requests queue).
 */
export async function rateCriteria(input: {
  battleId: string;
  voterId: string;
  answers: Partial<Record<CriterionId, CriterionAnswer>>;
}): Promise<{ status: "ok"; saved: CriterionId[] }> {
  const entries = CRITERION_IDS.flatMap((c) => {
    const a = input.answers[c];
    return a ? [[c, a] as const] : [];
  });
  if (entries.length === 0) throw new AppError("bad_request", "Name at least one criterion.");
  return db.$transaction(async (tx) => {
    const [vote] = await tx.$queryRaw<
      { id: string; shown_left: StoredSide; mode: "anonymous" | "named" | "corpus" }[]
    >`
      SELECT v.id::text AS id, bt.shown_left::text AS shown_left, bt.mode::text AS mode
      FROM votes v JOIN battles bt ON bt.id = v.battle_id
      WHERE v.battle_id = ${input.battleId}::uuid AND v.voter_id = ${input.voterId}::uuid
      FOR UPDATE OF v`;
    if (!vote) throw new AppError("not_found", "No vote of yours on this battle to rate.");
    const arena = arenaOfMode(vote.mode);
    const [setting] = await tx.$queryRaw<{ on: boolean }[]>`
      SELECT criteria_enabled AS on FROM arena_settings WHERE arena = ${arena}`;
    if (!setting?.on) throw new AppError("forbidden", "Per-criterion votes are switched off in this arena.");
    const criteria = entries.map(([c]) => c);
    const outcomes = entries.map(([, a]) => outcomeFor(a, vote.shown_left));
    const inserted = await tx.$executeRaw`
      INSERT INTO vote_criteria (vote_id, criterion, outcome)
      SELECT ${vote.id}::uuid, c, o::"Outcome" FROM unnest(${criteria}::text[], ${outcomes}::text[]) AS t(c, o)
      ON CONFLICT (vote_id, criterion) DO NOTHING`;
    if (inserted !== entries.length) {
      // Throwing rolls the transaction back: the new answers of this request are not kept either.
      throw new AppError("conflict", "You already rated this battle on that criterion.");
    }
    return { status: "ok" as const, saved: criteria };
  });
}

/** The per-criterion answers of one vote, in screen terms for its voter (tests, admin views). */
export async function listVoteCriteria({ battleId }: { battleId: string }) {
  return db.$queryRaw<{ criterion: string; outcome: string }[]>`
    SELECT vc.criterion, vc.outcome::text AS outcome FROM vote_criteria vc
    JOIN votes v ON v.id = vc.vote_id WHERE v.battle_id = ${battleId}::uuid ORDER BY vc.criterion`;
}
