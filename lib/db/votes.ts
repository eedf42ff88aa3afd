import "server-only";
import { outcomeFor, revealFor, type StoredSide, type VoteChoice } from "@/lib/arena/sides";
import type { BattleStyleFeatures } from "@/lib/arena/style-of-battle";
import type { VoteResult } from "@/lib/arena/types";
import { exclusionReasonFor } from "@/lib/arena/vote-rules";
import { AppError } from "@/lib/errors";
import { measureBattle } from "@/lib/export/as-seen";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./client";

/**
 * Records the one vote a battle can have. The unique index on votes.battle_id decides
 * races (INSERT … ON CONFLICT DO NOTHING), not a read-then-write; the transaction is
 * committed before this returns, so an acknowledged vote is durable. Callers go through
 * castVote (lib/votes/cast.ts), which also refreshes the leaderboard.
 */
export async function recordVote(input: {
  battleId: string;
  voterId: string;
  choice: VoteChoice;
  timeToVoteMs?: number;
  reasons?: string[];
  rationale?: string;
}): Promise<VoteResult> {
  return db.$transaction(async (tx) => {
    // Lock the battle first: a regeneration or follow-up that is changing its answers
    // right now finishes before we read them (and then the battle is pending, not
    // votable), so a vote never lands on answers the voter did not see.
    await tx.$queryRaw`SELECT 1 FROM battles WHERE id = ${input.battleId}::uuid FOR UPDATE`;
    const battle = await tx.battle.findUnique({
      where: { id: input.battleId },
      include: {
        voter: { select: { quarantined: true } },
        modelA: { select: { slug: true, displayName: true, organization: true } },
        modelB: { select: { slug: true, displayName: true, organization: true } },
      },
    });
    if (!battle) throw new AppError("not_found", "No battle with this id.");
    if (battle.voterId !== input.voterId)
      throw new AppError("forbidden", "This battle was dealt to another voter.");
    if (battle.status === "errored" || battle.status === "pending") {
      throw new AppError("conflict", "This battle cannot be voted on: its responses are not complete.");
    }
    const exclusionReason = exclusionReasonFor({
      mode: battle.mode,
      leakCount: Array.isArray(battle.leakFlags) ? battle.leakFlags.length : 0,
      parentBattleId: battle.parentBattleId,
      voterQuarantined: battle.voter.quarantined,
    });
    const outcome = outcomeFor(input.choice, battle.shownLeft);
    const seen = await battleAsSeen(tx, battle.id, battle.shownLeft);
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO votes (battle_id, voter_id, outcome, reasons, rationale, time_to_vote_ms, counts_for_public, exclusion_reason,
                         style_features, conv_metadata)
      VALUES (${battle.id}::uuid, ${input.voterId}::uuid, ${outcome}::"Outcome", ${input.reasons ?? []}::text[],
              ${input.rationale ?? null}, ${input.timeToVoteMs ?? null}, ${exclusionReason === null}, ${exclusionReason},
              ${JSON.stringify(seen.style)}::jsonb, ${seen.convMetadata}::json)
      ON CONFLICT (battle_id) DO NOTHING
      RETURNING id`;
    if (inserted.length === 0) {
      const existing = await tx.vote.findUniqueOrThrow({ where: { battleId: battle.id } });
      return {
        status: "already_voted",
        reveal: revealFor({
          ...battle,
          outcome: existing.outcome,
          countsForPublic: existing.countsForPublic,
          exclusionReason: existing.exclusionReason,
        }),
      };
    }
    await tx.battle.update({ where: { id: battle.id }, data: { status: "voted" } });
    return {
      status: "ok",
      reveal: revealFor({ ...battle, outcome, countsForPublic: exclusionReason === null, exclusionReason }),
    };
  });
}

/**
 * What the voter saw (the newest attempt of every message, every turn), measured once
 * for good (lib/export/as-seen.ts); the messages' cl100k counts are stored here too.
 */
async function battleAsSeen(
  tx: Prisma.TransactionClient,
  battleId: string,
  shownLeft: StoredSide,
): Promise<{ style: BattleStyleFeatures; convMetadata: string }> {
  const messages = await tx.message.findMany({
    where: { battleId },
    select: { id: true, turn: true, side: true, attempt: true, content: true, tokens: true, numTokens: true },
  });
  const seen = measureBattle(messages, shownLeft);
  if (seen.numTokens.length > 0) {
    await tx.$executeRaw`
      UPDATE messages m SET num_tokens = u.n
      FROM unnest(${seen.numTokens.map(([id]) => id)}::uuid[], ${seen.numTokens.map(([, n]) => n)}::int[]) AS u(id, n)
      WHERE m.id = u.id`;
  }
  return seen;
}
