import { requireRoleOrToken } from "@/lib/auth";
import { recordAudit } from "@/lib/db/audit";
import { AppError, errorResponse } from "@/lib/errors";
import { recomputeLeaderboards } from "@/lib/leaderboard/recompute";

export const dynamic = "force-dynamic";

/** Recompute every leaderboard now: a maintainer's session or `Authorization: Bearer $ARENA_ADMIN_TOKEN`. */
export async function POST(request: Request): Promise<Response> {
  try {
    const actor = await requireRoleOrToken(request, "maintainer");
    const summary = await recomputeLeaderboards();
    if (summary.status === "busy") {
      throw new AppError("conflict", "A recompute is already running; its board appears when it ends.");
    }
    await recordAudit({
      actor,
      action: "leaderboard.recompute",
      details: { categories: summary.categories.length, ms: Math.round(summary.ms) },
    });
    return Response.json({ ok: true, ...summary });
  } catch (error) {
    return errorResponse(error);
  }
}
