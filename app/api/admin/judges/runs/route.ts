import { z } from "zod";
import { requireRoleOrToken } from "@/lib/auth";
import { findJudgeTemplate } from "@/lib/db/judge-runs";
import { AppError, errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { startJudgeRun } from "@/lib/judges/kick";
import { listJudgeRunSummaries } from "@/lib/judges/report";
import { CreateJudgeRunInput } from "@/lib/judges/schemas";
import { DEFAULT_TEMPLATE_NAME } from "@/lib/judges/template";

export const dynamic = "force-dynamic";

/** The judge runs, newest first, with their progress and point estimates. */
export async function GET(request: Request): Promise<Response> {
  try {
    await requireRoleOrToken(request, "maintainer");
    return Response.json({ runs: await listJudgeRunSummaries() });
  } catch (error) {
    return errorResponse(error);
  }
}

// The API names a template by name (its newest version) or by a version's id.
const Body = CreateJudgeRunInput.omit({ templateId: true }).extend({
  templateId: z.uuid().optional(),
  template: z.string().trim().min(1).max(60).optional(),
});

/** Starts a run: `{judge, size, template?, category?, models?, from?, to?, seed?, requestsPerMinute?, maxTokens?, …}`. */
export async function POST(request: Request): Promise<Response> {
  try {
    const actor = await requireRoleOrToken(request, "maintainer");
    const body = await readJsonBody(request, Body, 64 * 1024);
    const templateId =
      body.templateId ?? (await findJudgeTemplate({ name: body.template ?? DEFAULT_TEMPLATE_NAME }))?.id;
    if (!templateId) throw new AppError("bad_request", `No template "${body.template}".`);
    const run = await startJudgeRun({ ...body, templateId }, actor);
    return Response.json({ id: run.id, totalBattles: run.totalBattles }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
