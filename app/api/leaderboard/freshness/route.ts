import { env } from "@/lib/env";
import { errorResponse } from "@/lib/errors";
import { freshnessDto } from "@/lib/leaderboard/freshness-text";
import { readFreshness } from "@/lib/leaderboard/recompute";

export const dynamic = "force-dynamic";

/** GET /api/leaderboard/freshness — when the board was last recomputed and how many votes it misses. */
export async function GET(): Promise<Response> {
  try {
    const dto = freshnessDto(await readFreshness(), env().ARENA_RECOMPUTE_MAX_WAIT_MS);
    return Response.json(dto, {
      headers: { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
