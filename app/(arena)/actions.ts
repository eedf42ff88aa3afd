"use server";

import { CastVoteInput, describeZodError } from "@/lib/arena/schemas";
import type { BattleView, CastVoteResult } from "@/lib/arena/types";
import { createCorpusBattle } from "@/lib/db/battles";
import { recordVote } from "@/lib/db/votes";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { scheduleRecompute } from "@/lib/leaderboard/recompute";
import { getOrCreateVoterId } from "@/lib/voter-session";

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
