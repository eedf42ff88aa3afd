"use server";

import { z } from "zod";
import {
  ChallengeAnswer,
  type ChallengeOffer,
  offerChallenge,
  passChallenge,
} from "@/lib/abuse/challenge-guard";
import { guardDeal } from "@/lib/abuse/guard";
import {
  BattleRef,
  ContinueBattleInput,
  StartLiveBattleInput,
  type StartLiveBattleResult,
  StopSideInput,
} from "@/lib/arena/live-schemas";
import { RateCriteriaInput } from "@/lib/arena/vote-criteria";
import { ExplainVoteInput } from "@/lib/arena/vote-reasons";
import { createRegeneratedBattle } from "@/lib/db/live-turns";
import { rateCriteria } from "@/lib/db/vote-criteria";
import { explainVote } from "@/lib/db/vote-explanations";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { stopStream } from "@/lib/live/registry";
import { continueLiveBattle, startLiveBattle } from "@/lib/live/start";
import { type ActionResult, runAction } from "@/lib/run-action";
import { getOrCreateVoterId, readVoterId } from "@/lib/voter-session";

// Each action: runAction validates the input and turns expected failures (AppError) into
// results; the voter id comes from the signed cookie, never from the input.

// Dealing a corpus battle and voting are not actions: the page sends them to the JSON API,
// which the server answers on its fast routes (components/arena/vote-api.ts, lib/fast-routes).

export type ChallengeOfferResult = ActionResult<{ status: "ok"; offer: ChallengeOffer }>;

/** A challenge for this voter (after a vote came back `challenge_required`). */
export async function getChallengeAction(): Promise<ChallengeOfferResult> {
  return runAction(z.unknown(), undefined, async () => ({
    status: "ok",
    offer: await offerChallenge(await getOrCreateVoterId()),
  }));
}

/** Hands in a solved challenge; the vote can then be sent again. */
export async function passChallengeAction(input: unknown): Promise<ActionResult<{ status: "ok" }>> {
  return runAction(ChallengeAnswer, input, async (answer) =>
    passChallenge({ voterId: await getOrCreateVoterId(), answer }),
  );
}

/** Optional reason chips and a one-line why, after the vote (the voter's own vote only). */
export async function explainVoteAction(input: unknown): Promise<ActionResult<{ status: "ok" }>> {
  return runAction(ExplainVoteInput, input, async (data) =>
    explainVote({ ...data, voterId: await requireVoterId() }),
  );
}

/**
 * Optional per-criterion answers (helpfulness, correctness, style: left/right/tie) after the
 * vote, where the arena has them switched on; each criterion once, on the voter's own vote.
 */
export async function rateCriteriaAction(
  input: unknown,
): Promise<ActionResult<{ status: "ok"; saved: string[] }>> {
  return runAction(RateCriteriaInput, input, async (data) =>
    rateCriteria({ ...data, voterId: await requireVoterId() }),
  );
}

/** Deals a live battle; the browser then streams it from /api/battles/[id]/stream. */
export async function startLiveBattleAction(input: unknown): Promise<ActionResult<StartLiveBattleResult>> {
  return runAction(StartLiveBattleInput, input, async (data) => {
    const voterId = await getOrCreateVoterId();
    await guardDeal(voterId);
    return startLiveBattle({ voterId, input: data, sampler: env().ARENA_SAMPLER });
  });
}

async function requireVoterId(): Promise<string> {
  const voterId = await readVoterId();
  if (!voterId) throw new AppError("forbidden", "This battle was not dealt to you.");
  return voterId;
}

export type ContinueBattleResult = ActionResult<{ status: "ok"; turn: number; leak: boolean }>;

/** Adds a follow-up prompt (the next turn) to a settled, unvoted battle. */
export async function continueBattleAction(input: unknown): Promise<ContinueBattleResult> {
  return runAction(ContinueBattleInput, input, async (data) => {
    const { turn, leak } = await continueLiveBattle({ ...data, voterId: await requireVoterId() });
    return { status: "ok", turn, leak };
  });
}

export type StopSideResult = ActionResult<{ status: "ok" | "not_streaming" }>;

/** Stops one side's answer; its upstream request is cancelled and the partial text kept. */
export async function stopSideAction(input: unknown): Promise<StopSideResult> {
  return runAction(StopSideInput, input, async ({ battleId, side }) => {
    const voterId = await readVoterId();
    return { status: voterId && (await stopStream(battleId, side, voterId)) ? "ok" : "not_streaming" };
  });
}

export type RegenerateBattleResult = ActionResult<{ status: "ok"; battleId: string; turn: number }>;

/** After the vote: the same pair answers the last turn again, as a new battle linked to this one. */
export async function regenerateBattleAction(input: unknown): Promise<RegenerateBattleResult> {
  return runAction(BattleRef, input, async ({ battleId }) => {
    const voterId = await requireVoterId();
    // A regeneration after the vote is a new battle: two more paid upstream calls.
    await guardDeal(voterId);
    const child = await createRegeneratedBattle({ battleId, voterId });
    return { status: "ok", battleId: child.id, turn: child.turn };
  });
}
