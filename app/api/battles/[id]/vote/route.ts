import { CastVoteInput, MAX_VOTE_BODY_BYTES } from "@/lib/arena/schemas";
import { errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { battleRouteIds } from "@/lib/voter-session";
import { castVote } from "@/lib/votes/cast";

const Body = CastVoteInput.omit({ battleId: true });

/** JSON API for a vote (the UI uses the equivalent server action). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { battleId: id, voterId } = await battleRouteIds(ctx.params);
    const body = await readJsonBody(req, Body, MAX_VOTE_BODY_BYTES);
    const result = await castVote({ ...body, battleId: id, voterId });
    return Response.json(result, { status: result.status === "ok" ? 201 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}
