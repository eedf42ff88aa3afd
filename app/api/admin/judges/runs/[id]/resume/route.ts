import { requireRoleOrToken } from "@/lib/auth";
import { recordAudit } from "@/lib/db/audit";
import { resumeJudgeRun } from "@/lib/db/judge-runs";
import { AppError, errorResponse } from "@/lib/errors";
import { kickJudgeRun } from "@/lib/judges/kick";

export const dynamic = "force-dynamic";

/** Resumes a paused, cancelled or failed judge run from where it stopped. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    const actor = await requireRoleOrToken(request, "maintainer");
    const { id } = await params;
    if (!/^[0-9a-f-]{36}$/i.test(id) || !(await resumeJudgeRun({ runId: id }))) {
      throw new AppError("conflict", "No paused, cancelled or failed judge run with this id.");
    }
    await recordAudit({ actor, action: "judge.run.resume", target: id });
    kickJudgeRun(id);
    return Response.json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}
