"use server";

import {
  BattleRef,
  ContinueBattleInput,
  type ContinueBattleResult,
  StartLiveBattleInput,
  type StartLiveBattleResult,
  StopSideInput,
  type StopSideResult,
} from "@/lib/arena/live-schemas";
import { CastVoteInput, describeZodError } from "@/lib/arena/schemas";
import type { BattleView, CastVoteResult } from "@/lib/arena/types";
import { createCorpusBattle } from "@/lib/db/battles";
import { createRegeneratedBattle } from "@/lib/db/live-turns";
import { recordVote } from "@/lib/db/votes";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { scheduleRecompute } from "@/lib/leaderboard/recompute";
import { stopStream } from "@/lib/live/registry";
import { continueLiveBattle, startLiveBattle } from "@/lib/live/start";
import { getOrCreateVoterId, readVoterId } from "@/lib/voter-session";

export type StartBattleResult = { status: "ok"; battle: BattleView } | { status: "empty" };

export async function startCorpusBattleAction(): Promise<StartBattleResult> {
  const voterId = await getOrCreateVoterId();
  const battle = await createCorpusBattle({ voterId });
  return battle ? { status: "ok", battle } : { status: "empty" };
}

export async function castVoteAction(input: unknown): Promise<CastVoteResult> {
  const parsed = CastVoteInput.safeParse(input);
  if (!parsed.success) return { status: "invalid", message: describeZodError(parsed.error) };
  const voterId = await getOrCreateVoterId();
  try {
    const result = await recordVote({ ...parsed.data, voterId });
    if (result.status === "ok") scheduleRecompute(env().ARENA_RECOMPUTE_DEBOUNCE_MS);
    return result;
  } catch (error) {
    if (error instanceof AppError) return { status: "error", code: error.code, message: error.message };
    throw error;
  }
}

/** Deals a live battle; the browser then streams it from /api/battles/[id]/stream. */
export async function startLiveBattleAction(input: unknown): Promise<StartLiveBattleResult> {
  const parsed = StartLiveBattleInput.safeParse(input);
  if (!parsed.success) return { status: "invalid", message: describeZodError(parsed.error) };
  const voterId = await getOrCreateVoterId();
  return startLiveBattle({ voterId, input: parsed.data, sampler: env().ARENA_SAMPLER });
}

/** Adds a follow-up prompt (the next turn) to a settled, unvoted battle. */
export async function continueBattleAction(input: unknown): Promise<ContinueBattleResult> {
  const parsed = ContinueBattleInput.safeParse(input);
  if (!parsed.success) return { status: "invalid", message: describeZodError(parsed.error) };
  const voterId = await readVoterId();
  if (!voterId) return { status: "error", code: "forbidden", message: "This battle was not dealt to you." };
  try {
    const { turn, leak } = await continueLiveBattle({ ...parsed.data, voterId });
    return { status: "ok", turn, leak };
  } catch (error) {
    if (error instanceof AppError) return { status: "error", code: error.code, message: error.message };
    throw error;
  }
}

/** Stops one side's answer; its upstream request is cancelled and the partial text kept. */
export async function stopSideAction(input: unknown): Promise<StopSideResult> {
  const parsed = StopSideInput.safeParse(input);
  if (!parsed.success) return { status: "invalid", message: describeZodError(parsed.error) };
  const voterId = await readVoterId();
  if (!voterId) return { status: "not_streaming" };
  return { status: stopStream(parsed.data.battleId, parsed.data.side, voterId) ? "ok" : "not_streaming" };
}

export type RegenerateBattleResult =
  | { status: "ok"; battleId: string; turn: number }
  | { status: "invalid"; message: string }
  | { status: "error"; code: string; message: string };

/** After the vote: the same pair answers the last turn again, as a new battle linked to this one. */
export async function regenerateBattleAction(input: unknown): Promise<RegenerateBattleResult> {
  const parsed = BattleRef.safeParse(input);
  if (!parsed.success) return { status: "invalid", message: describeZodError(parsed.error) };
  const voterId = await readVoterId();
  if (!voterId) return { status: "error", code: "forbidden", message: "This battle was not dealt to you." };
  try {
    const child = await createRegeneratedBattle({ battleId: parsed.data.battleId, voterId });
    return { status: "ok", battleId: child.id, turn: child.turn };
  } catch (error) {
    if (error instanceof AppError) return { status: "error", code: error.code, message: error.message };
    throw error;
  }
}
