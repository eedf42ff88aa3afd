import { MAX_STREAM_BODY_BYTES, StreamTurnBody } from "@/lib/arena/live-schemas";
import { claimTurn } from "@/lib/db/live-turns";
import { errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { isStreaming } from "@/lib/live/registry";
import { streamTurnResponse } from "@/lib/live/stream-turn";
import { battleRouteIds } from "@/lib/voter-session";

/**
 * Streams one turn of a live battle: both sides at once, as NDJSON events tagged with the
 * screen side (lib/arena/live-schemas.ts LiveEvent). Closing the tab aborts the request,
 * which cancels both upstream calls; what was generated so far is stored.
 */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { battleId: id, voterId } = await battleRouteIds(ctx.params);
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
