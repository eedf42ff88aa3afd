import "server-only";
import type { LeakFinding, LeakIdentity } from "@/lib/arena/leak-detection";
import { MAX_TURNS } from "@/lib/arena/live-schemas";
import type { SamplerId } from "@/lib/arena/samplers";
import type { StoredSide } from "@/lib/arena/sides";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./client";

// Live battles: a user message per turn (side null) and one assistant message per
// (turn, side, attempt). An attempt row is inserted empty when its stream starts
// (finish_reason NULL = streaming) and completed when it ends, so the unique index on
// (battle, turn, side, attempt) lets exactly one writer own each answer.

type Tx = Prisma.TransactionClient;

export interface CreateLiveBattleInput {
  voterId: string;
  mode: "anonymous" | "named";
  modelAId: string;
  modelBId: string;
  shownLeft: StoredSide;
  sampler: SamplerId;
  pairProbability: number;
  prompt: string;
  categoryTags: string[];
  leakFlags: LeakFinding[];
  parentBattleId?: string;
}

/** The battle (pending), its voter and its first user message in one statement: one round trip per deal. */
export async function createLiveBattle(input: CreateLiveBattleInput): Promise<{ id: string }> {
  const [row] = await db.$queryRaw<{ id: string }[]>`
    WITH voter AS (INSERT INTO voters (id) VALUES (${input.voterId}::uuid) ON CONFLICT (id) DO NOTHING),
    battle AS (
      INSERT INTO battles (mode, status, model_a_id, model_b_id, shown_left, sampler_name, sampler_version,
                           pair_probability, voter_id, category_tags, leak_flags, parent_battle_id)
      VALUES (${input.mode}::"BattleMode", 'pending', ${input.modelAId}::uuid, ${input.modelBId}::uuid,
              ${input.shownLeft}::"Side", ${input.sampler.name}, ${input.sampler.version}, ${input.pairProbability},
              ${input.voterId}::uuid, ${input.categoryTags}::text[], ${JSON.stringify(input.leakFlags)}::jsonb,
              ${input.parentBattleId ?? null}::uuid)
      RETURNING id),
    message AS (
      INSERT INTO messages (battle_id, side, turn, role, content)
      SELECT battle.id, NULL, 0, 'user', ${input.prompt} FROM battle)
    SELECT id::text FROM battle`;
  return row;
}

/**
 * Interactive transactions hold a pooled connection between statements; under many
 * concurrent streams Prisma's 2 s default wait for a connection is too short, and a
 * refused transaction would surface as a 500.
 */
export const LIVE_TX = { maxWait: 15_000, timeout: 20_000 } as const;

/**
 * Maps the two database refusals a busy arena can meet to expected errors: a second
 * writer for the same answer slot (unique index) and no connection within LIVE_TX.maxWait.
 */
export function rethrowBusy(error: unknown): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "P2002") throw new AppError("conflict", "This answer is already streaming.");
  if (code === "P2028")
    throw new AppError("unavailable", "The arena is busy right now; try again in a moment.");
  throw error;
}

export interface LockedBattle {
  id: string;
  voterId: string;
  mode: "anonymous" | "named" | "corpus";
  status: "pending" | "ready" | "errored" | "voted";
  shownLeft: StoredSide;
  modelAId: string;
  modelBId: string;
  categoryTags: string[];
  leakFlags: LeakFinding[];
}

/** Locks the battle row for the rest of the transaction (one round trip) and checks that the voter owns it. */
export async function lockOwnedBattle(tx: Tx, battleId: string, voterId: string): Promise<LockedBattle> {
  const [battle] = await tx.$queryRaw<LockedBattle[]>`
    SELECT id::text, voter_id::text AS "voterId", mode::text, status::text, shown_left::text AS "shownLeft",
           model_a_id::text AS "modelAId", model_b_id::text AS "modelBId",
           category_tags AS "categoryTags", leak_flags AS "leakFlags"
    FROM battles WHERE id = ${battleId}::uuid FOR UPDATE`;
  if (!battle) throw new AppError("not_found", "No battle with this id.");
  if (battle.voterId !== voterId) throw new AppError("forbidden", "This battle was dealt to another voter.");
  if (battle.mode === "corpus") throw new AppError("conflict", "Fixed-prompt battles have no live answers.");
  return battle;
}

export interface MessageRow {
  id: string;
  side: StoredSide | null;
  turn: number;
  attempt: number;
  content: string;
  tokens: number | null;
  latencyMs: number | null;
  finishReason: string | null;
  providerError: string | null;
}

/** Every message of a battle, oldest turn first and newest attempt first within a turn. */
export async function battleMessages(tx: Tx, battleId: string): Promise<MessageRow[]> {
  return tx.message.findMany({
    where: { battleId },
    orderBy: [{ turn: "asc" }, { attempt: "desc" }],
    select: {
      id: true,
      side: true,
      turn: true,
      attempt: true,
      content: true,
      tokens: true,
      latencyMs: true,
      finishReason: true,
      providerError: true,
    },
  });
}

export const lastTurnIn = (rows: MessageRow[]): number =>
  rows.reduce((max, r) => (r.side === null ? Math.max(max, r.turn) : max), 0);

/** The newest attempt per side for one turn (rows as battleMessages orders them). */
export function latestIn(rows: MessageRow[], turn: number): Record<StoredSide, MessageRow | undefined> {
  const find = (side: StoredSide) => rows.find((r) => r.turn === turn && r.side === side);
  return { a: find("a"), b: find("b") };
}

/** What leak detection needs to know about a battle's two models (never sent to the browser). */
export async function getBattleIdentities({
  battleId,
  voterId,
}: {
  battleId: string;
  voterId: string;
}): Promise<LeakIdentity[]> {
  const battle = await db.battle.findFirst({
    where: { id: battleId, voterId },
    select: { modelA: { select: identitySelect }, modelB: { select: identitySelect } },
  });
  if (!battle) throw new AppError("not_found", "No battle with this id.");
  return [battle.modelA, battle.modelB].map(identityOf);
}

const identitySelect = { slug: true, displayName: true, organization: true, providerConfig: true } as const;

export function identityOf(m: {
  slug: string;
  displayName: string;
  organization: string | null;
  providerConfig: unknown;
}): LeakIdentity {
  const upstream = (m.providerConfig as { model?: unknown } | null)?.model;
  return {
    slug: m.slug,
    displayName: m.displayName,
    organization: m.organization,
    upstreamModel: typeof upstream === "string" ? upstream : undefined,
  };
}

export type AnswerState = "streaming" | "done" | "stopped" | "disconnected" | "error";

/** How a stored answer ended; `finishReason` NULL means its stream is still running (or died with its process). */
export function answerState(m: { finishReason: string | null; providerError: string | null }): AnswerState {
  if (m.providerError !== null) return "error";
  if (m.finishReason === null) return "streaming";
  if (m.finishReason === "stopped" || m.finishReason === "disconnected") return m.finishReason;
  return "done";
}

/**
 * Appends the voter's next prompt. Only a settled, unvoted battle whose latest answers
 * all succeeded (or were stopped) can continue; the battle goes back to pending.
 */
export async function appendUserTurn(input: {
  battleId: string;
  voterId: string;
  prompt: string;
  leakFlags: LeakFinding[];
}): Promise<{ turn: number; leak: boolean }> {
  return db
    .$transaction(async (tx) => {
      const battle = await lockOwnedBattle(tx, input.battleId, input.voterId);
      if (battle.status === "voted") throw new AppError("conflict", "This battle has been voted on already.");
      if (battle.status !== "ready")
        throw new AppError("conflict", "Both answers must finish (or be stopped) before the next turn.");
      const turn = lastTurnIn(await battleMessages(tx, battle.id)) + 1;
      if (turn >= MAX_TURNS)
        throw new AppError(
          "conflict",
          `A battle has at most ${MAX_TURNS} turns; vote or start a new battle.`,
        );
      await tx.message.create({
        data: { battleId: battle.id, side: null, turn, role: "user", content: input.prompt },
      });
      const flags = [...battle.leakFlags, ...input.leakFlags];
      await tx.battle.update({
        where: { id: battle.id },
        data: {
          status: "pending",
          categoryTags: [...new Set([...battle.categoryTags, "multi_turn"])].sort(),
          leakFlags: flags as object[],
        },
      });
      return { turn, leak: flags.length > 0 };
    }, LIVE_TX)
    .catch(rethrowBusy);
}
