import { requireRoleOrToken } from "@/lib/auth";
import { getJudgeRun } from "@/lib/db/judge-run-views";
import { AppError, errorResponse } from "@/lib/errors";
import { kickJudgeRun } from "@/lib/judges/kick";
import { getJudgeRunReport } from "@/lib/judges/report";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f-]{36}$/i;

/**
 * A run's settings, progress and results (`?view=progress`: without the results, cheap
 * enough to poll). Looking at a queued run, or one whose worker died, starts a worker here.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    await requireRoleOrToken(request, "maintainer");
    const { id } = await params;
    if (!UUID.test(id)) throw new AppError("not_found", "No judge run with this id.");
    const progressOnly = new URL(request.url).searchParams.get("view") === "progress";
    const report = progressOnly
      ? { run: await getJudgeRun({ runId: id }) }
      : await getJudgeRunReport({ runId: id });
    if (!report?.run) throw new AppError("not_found", "No judge run with this id.");
    const { run } = report;
    if (run.status === "queued" || (run.status === "running" && !run.working)) kickJudgeRun(run.id);
    return Response.json(report, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
