import { z } from "zod";
import { listSnapshotCategories } from "@/lib/db/leaderboard";
import { AppError, describeZodError, errorResponse } from "@/lib/errors";
import { readDiagnostics } from "@/lib/leaderboard/diagnostics-job";
import { publicDiagnostics } from "@/lib/leaderboard/diagnostics-report";

export const dynamic = "force-dynamic";

const DiagnosticsQuery = z.strictObject({
  category: z.string().min(1).max(100).default("overall"),
});

/**
 * GET /api/leaderboard/diagnostics?category=overall — position bias, what wins besides
 * quality, rank confidence, cycles and held-out log-loss, as last computed in the
 * background. 202 with `diagnostics: null` while the first computation runs; `stale: true`
 * when votes have arrived since (a refresh is started, at most every few minutes).
 */
export async function GET(req: Request): Promise<Response> {
  try {
    const parsed = DiagnosticsQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!parsed.success)
      throw new AppError("bad_request", `Invalid diagnostics query: ${describeZodError(parsed.error)}`);
    const { category } = parsed.data;
    if (category !== "overall" && !(await listSnapshotCategories()).includes(category)) {
      throw new AppError("not_found", `Unknown category "${category}".`);
    }
    const view = await readDiagnostics(category);
    const body = {
      category,
      status: view.report ? "ok" : "computing",
      computed_at: view.computedAt?.toISOString() ?? null,
      duration_ms: view.durationMs,
      stale: view.stale,
      diagnostics: view.report ? publicDiagnostics(view.report) : null,
    };
    return Response.json(body, {
      status: view.report ? 200 : 202,
      headers: { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
