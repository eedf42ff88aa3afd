import "server-only";
import type { LeakFinding } from "@/lib/arena/leak-detection";
import { AppError } from "@/lib/errors";
import { db } from "./client";
import { answerState, battleMessages, LIVE_TX, lastTurnIn, latestIn } from "./live-battles";

// Writes made while a turn streams: each answer when it ends, leak findings as they are
// found, and the battle's status once both answers of the turn are settled.

export interface FinishAnswerInput {
  messageId: string;
  content: string;
  tokens: number | null;
  latencyMs: number | null;
  /** Provider reason (stop, length…), "stopped", "disconnected" or "error". */
  finishReason: string;
  providerError: string | null;
}

export async function finishAnswer(input: FinishAnswerInput): Promise<void> {
  await db.message.update({
    where: { id: input.messageId },
    data: {
      content: input.content,
      tokens: input.tokens,
      latencyMs: input.latencyMs,
      finishReason: input.finishReason,
      providerError: input.providerError,
    },
  });
}

/** Appends findings atomically (concurrent sides may both find something). */
export async function addLeakFlags({ battleId, flags }: { battleId: string; flags: LeakFinding[] }) {
  if (flags.length === 0) return;
  await db.$executeRaw`
    UPDATE battles SET leak_flags = leak_flags || ${JSON.stringify(flags)}::jsonb, updated_at = now()
    WHERE id = ${battleId}::uuid`;
}

/**
 * Derives the battle's status from the latest turn's newest answers: pending while one
 * streams, errored (with the reason) when one failed, ready otherwise. A voted battle
 * keeps its status.
 */
export async function settleBattle({
  battleId,
  failure,
}: {
  battleId: string;
  /** Something went wrong outside the answers (a leak finding could not be stored): errored. */
  failure?: string;
}): Promise<"pending" | "ready" | "errored" | "voted"> {
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text FROM battles WHERE id = ${battleId}::uuid FOR UPDATE`;
    if (!locked) throw new AppError("not_found", "No battle with this id.");
    if (locked.status === "voted") return "voted";
    // Read after the lock, so an attempt claimed by a concurrent request is seen.
    const rows = await battleMessages(tx, battleId);
    const latest = latestIn(rows, lastTurnIn(rows));
    const states = (["a", "b"] as const).map((s) => {
      const row = latest[s];
      return { side: s, row, state: row ? answerState(row) : ("streaming" as const) };
    });
    const failed = states.filter((s) => s.state === "error");
    const status = states.some((s) => s.state === "streaming")
      ? "pending"
      : failed.length > 0 || failure
        ? "errored"
        : "ready";
    const errorReason =
      status === "errored"
        ? [...failed.map((f) => `${f.side}: ${f.row?.providerError}`), ...(failure ? [failure] : [])].join(
            "; ",
          )
        : null;
    await tx.battle.update({
      where: { id: battleId },
      data: { status, ...(status === "pending" ? {} : { errorReason }) },
    });
    return status;
  }, LIVE_TX);
}
