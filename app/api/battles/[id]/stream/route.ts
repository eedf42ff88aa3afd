import { guardStream } from "@/lib/abuse/guard";
import { MAX_STREAM_BODY_BYTES, StreamTurnBody } from "@/lib/arena/live-schemas";
import { claimTurn } from "@/lib/db/live-turns";
import { errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { isStreaming } from "@/lib/live/registry";
import { streamTurnResponse } from "@/lib/live/stream-turn";
import { releaseWhenDone } from "@/lib/streams";
import { battleRouteIds } from "@/lib/voter-session";

/**
 * Streams one turn of a live battle: both sides at once, as NDJSON events tagged with the
 * screen side (lib/arena/live-schemas.ts LiveEvent). Closing the tab aborts the request,
 * which cancels both upstream calls; what was generated so far is stored.
 */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  let lease: { release: () => Promise<void> } | null = null;
  try {
    const { battleId: id, voterId } = await battleRouteIds(ctx.params);
    const body = await readJsonBody(req, StreamTurnBody, MAX_STREAM_BODY_BYTES);
    // Rate limit, token budgets and the concurrent-stream caps, before anything is claimed.
    lease = await guardStream({ voterId, battleId: id });
    const plan = await claimTurn({
      battleId: id,
      voterId,
      turn: body.turn,
      screen: body.side,
      regenerate: body.regenerate,
      isStreaming: (side) => isStreaming(id, side),
    });
    const res = streamTurnResponse({ plan, voterId, signal: req.signal });
    const release = lease.release;
    lease = null;
    return new Response(releaseWhenDone(res.body, release), { status: res.status, headers: res.headers });
  } catch (error) {
    await lease?.release();
    return errorResponse(error);
  }
}
