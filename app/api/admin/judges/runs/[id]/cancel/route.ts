import { requireRoleOrToken } from "@/lib/auth";
import { recordAudit } from "@/lib/db/audit";
import { cancelJudgeRun } from "@/lib/db/judge-runs";
import { AppError, errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Cancels a judge run; its worker stops at its next lease renewal. Verdicts so far are kept. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    const actor = await requireRoleOrToken(request, "maintainer");
    const { id } = await params;
    if (!/^[0-9a-f-]{36}$/i.test(id) || !(await cancelJudgeRun({ runId: id }))) {
      throw new AppError("conflict", "No queued, running or paused judge run with this id.");
    }
    await recordAudit({ actor, action: "judge.run.cancel", target: id });
    return Response.json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}
