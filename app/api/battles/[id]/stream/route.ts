import { z } from "zod";
import { MAX_STREAM_BODY_BYTES, StreamTurnBody } from "@/lib/arena/live-schemas";
import { claimTurn } from "@/lib/db/live-turns";
import { AppError, errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { isStreaming } from "@/lib/live/registry";
import { streamTurnResponse } from "@/lib/live/stream-turn";
import { readVoterId } from "@/lib/voter-session";

const BattleId = z.uuid();

/**
 * Streams one turn of a live battle: both sides at once, as NDJSON events tagged with the
 * screen side (lib/arena/live-schemas.ts LiveEvent). Closing the tab aborts the request,
 * which cancels both upstream calls; what was generated so far is stored.
 */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    if (!BattleId.safeParse(id).success) throw new AppError("not_found", "No battle with this id.");
    const voterId = await readVoterId();
    if (!voterId) throw new AppError("forbidden", "No voter cookie: this battle was not dealt to you.");
    const body = await readJsonBody(req, StreamTurnBody, MAX_STREAM_BODY_BYTES);
    const plan = await claimTurn({
      battleId: id,
      voterId,
      turn: body.turn,
      screen: body.side,
      regenerate: body.regenerate,
      isStreaming: (side) => isStreaming(id, side),
    });
    return streamTurnResponse({ plan, voterId, signal: req.signal });
  } catch (error) {
    return errorResponse(error);
  }
}
