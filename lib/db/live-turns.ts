import "server-only";
import type { LeakIdentity } from "@/lib/arena/leak-detection";
import { REGENERATE_SAMPLER } from "@/lib/arena/samplers";
import {
  type ScreenSide,
  STORED_SIDES,
  type StoredSide,
  screenSideOf,
  storedSideOf,
} from "@/lib/arena/sides";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ChatMessage } from "@/lib/providers/types";
import { db } from "./client";
import {
  type AnswerState,
  answerState,
  battleMessages,
  identityOf,
  LIVE_TX,
  lastTurnIn,
  latestIn,
  lockOwnedBattle,
  type MessageRow,
  rethrowBusy,
} from "./live-battles";
import { INTERRUPTED, streamKey, streamLockHeldSql } from "./live-streams";

export interface StoredAnswer {
  attempt: number;
  content: string;
  state: AnswerState;
  finishReason: string | null;
  providerError: string | null;
  tokens: number | null;
  latencyMs: number | null;
}

export interface SideTurnPlan {
  side: StoredSide;
  screen: ScreenSide;
  /** The attempt row this request now owns and must finish; null when nothing is to be generated. */
  claim: { messageId: string; attempt: number } | null;
  /** The settled answer, when this side is not regenerated. */
  stored: StoredAnswer | null;
  /** `providerKind` merged into `providerConfig`, as parseProviderConfig expects; never contains a key. */
  provider: Record<string, unknown>;
  /** Everything this side's model has said and been told so far, ending with the turn's prompt. */
  history: ChatMessage[];
}

export interface TurnPlan {
  battleId: string;
  turn: number;
  sides: SideTurnPlan[];
  identities: LeakIdentity[];
  leak: boolean;
}

/**
 * Claims the answers a stream request will generate for `turn`: a side with no answer, a
 * failed answer (Retry) or, with `regenerate`, a settled one gets a new attempt row. An
 * answer still streaming in this process or on another instance (its stream lock is held,
 * lib/db/live-streams.ts) is a conflict; one whose stream runs nowhere died with its
 * process and is closed as interrupted.
 */
export async function claimTurn(input: {
  battleId: string;
  voterId: string;
  turn: number;
  screen?: ScreenSide;
  regenerate?: boolean;
  /** Whether this process is streaming that side of the battle right now (lib/live/registry). */
  isStreaming: (screen: ScreenSide) => boolean;
}): Promise<TurnPlan> {
  // The models do not change with the battle's state: read them before taking the lock.
  const models = await db.battle.findUnique({
    where: { id: input.battleId },
    select: { modelA: true, modelB: true },
  });
  if (!models) throw new AppError("not_found", "No battle with this id.");
  const { modelA, modelB } = models;
  return db
    .$transaction(async (tx) => {
      const battle = await lockOwnedBattle(tx, input.battleId, input.voterId);
      if (battle.status === "voted") throw new AppError("conflict", "This battle has been voted on already.");
      const rows = await battleMessages(tx, battle.id);
      const lastTurn = lastTurnIn(rows);
      if (input.turn !== lastTurn)
        throw new AppError("conflict", `Only turn ${lastTurn} can be streamed now.`);
      const latest = latestIn(rows, input.turn);
      const sides = input.screen ? [storedSideOf(input.screen, battle.shownLeft)] : STORED_SIDES;
      const settledBoth = STORED_SIDES.every((s) => latest[s] && answerState(latest[s]) !== "streaming");
      if (input.regenerate && !settledBoth)
        throw new AppError("conflict", "Both answers must finish (or be stopped) before regenerating.");

      const plans: SideTurnPlan[] = [];
      let claimed = false;
      for (const side of sides) {
        const row = latest[side];
        const state = row ? answerState(row) : null;
        if (row && state === "streaming") {
          const screen = screenSideOf(side, battle.shownLeft);
          if (input.isStreaming(screen) || (await streamRunsElsewhere(tx, streamKey(battle.id, screen))))
            throw new AppError("conflict", "This answer is already streaming.");
          await tx.message.update({
            where: { id: row.id },
            data: { finishReason: "error", providerError: INTERRUPTED },
          });
        }
        const generate = !row || state === "streaming" || state === "error" || input.regenerate === true;
        let claim: SideTurnPlan["claim"] = null;
        if (generate) {
          const attempt = row ? row.attempt + 1 : 0;
          const created = await tx.message.create({
            data: { battleId: battle.id, side, turn: input.turn, attempt, role: "assistant", content: "" },
            select: { id: true },
          });
          claim = { messageId: created.id, attempt };
          claimed = true;
        }
        const model = side === "a" ? modelA : modelB;
        plans.push({
          side,
          screen: screenSideOf(side, battle.shownLeft),
          claim,
          stored: claim || !row ? null : { ...row, state: answerState(row) },
          provider: { ...(model.providerConfig as Record<string, unknown>), kind: model.providerKind },
          history: historyFor(rows, side, input.turn),
        });
      }
      if (claimed) await tx.battle.update({ where: { id: battle.id }, data: { status: "pending" } });
      const identities = [modelA, modelB].map(identityOf);
      return {
        battleId: battle.id,
        turn: input.turn,
        sides: plans,
        identities,
        leak: battle.leakFlags.length > 0,
      };
    }, LIVE_TX)
    .catch(rethrowBusy);
}

async function streamRunsElsewhere(tx: Prisma.TransactionClient, key: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<
    { held: boolean }[]
  >`SELECT ${streamLockHeldSql(Prisma.sql`${key}`)} AS held`;
  return row.held;
}

/** User prompts for turns ≤ `turn`, each earlier one followed by this side's newest usable answer. */
function historyFor(rows: MessageRow[], side: StoredSide, turn: number): ChatMessage[] {
  const history: ChatMessage[] = [];
  for (let t = 0; t <= turn; t++) {
    const prompt = rows.find((r) => r.turn === t && r.side === null);
    if (prompt) history.push({ role: "user", content: prompt.content });
    if (t === turn) break;
    const answer = rows.find(
      (r) => r.turn === t && r.side === side && !["error", "streaming"].includes(answerState(r)),
    );
    // Some providers reject an empty assistant message; a stopped-before-any-text answer says so instead.
    history.push({ role: "assistant", content: answer?.content || "(no answer)" });
  }
  return history;
}

/**
 * "Regenerate" after the vote: a new battle with the same pair, sides and conversation,
 * whose last turn is answered afresh. The voter knows the names by now, so the vote on
 * it never counts publicly (see recordVote); the parent keeps its answers and vote.
 */
export async function createRegeneratedBattle({
  battleId,
  voterId,
}: {
  battleId: string;
  voterId: string;
}): Promise<{ id: string; turn: number }> {
  return db
    .$transaction(async (tx) => {
      const parent = await lockOwnedBattle(tx, battleId, voterId);
      if (parent.status !== "voted")
        throw new AppError("conflict", "Only a voted battle can be regenerated.");
      const rows = await battleMessages(tx, parent.id);
      const turn = lastTurnIn(rows);
      const copied = STORED_SIDES.flatMap((side) =>
        historyFor(rows, side, turn)
          .filter((m) => m.role === "assistant")
          .map((m, t) => ({ side, turn: t, role: "assistant", content: m.content, finishReason: "stop" })),
      );
      const prompts = rows
        .filter((r) => r.side === null)
        .map((r) => ({ side: null, turn: r.turn, role: "user", content: r.content }));
      const child = await tx.battle.create({
        data: {
          mode: parent.mode,
          status: "pending",
          modelAId: parent.modelAId,
          modelBId: parent.modelBId,
          shownLeft: parent.shownLeft,
          samplerName: REGENERATE_SAMPLER.name,
          samplerVersion: REGENERATE_SAMPLER.version,
          pairProbability: 1,
          voterId,
          parentBattleId: parent.id,
          categoryTags: parent.categoryTags,
          leakFlags: parent.leakFlags as object[],
          messages: { create: [...prompts, ...copied] },
        },
        select: { id: true },
      });
      return { id: child.id, turn };
    }, LIVE_TX)
    .catch(rethrowBusy);
}
