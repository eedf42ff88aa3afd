import { replicaLag } from "@/lib/db/replica";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/errors";
import { freshnessDto } from "@/lib/leaderboard/freshness-text";
import { readFreshness } from "@/lib/leaderboard/recompute";

export const dynamic = "force-dynamic";

/**
 * GET /api/leaderboard/freshness — when the board was last recomputed and how many votes it
 * misses; with a read replica, also how far behind the primary it is (replica_lag_s).
 */
export async function GET(): Promise<Response> {
  try {
    const [freshness, lag] = await Promise.all([readFreshness(), replicaLag()]);
    const dto = freshnessDto(freshness, env().ARENA_RECOMPUTE_MAX_WAIT_MS, lag);
    return Response.json(dto, {
      headers: { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
