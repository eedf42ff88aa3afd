"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/db/audit";
import { cancelJudgeRun, resumeJudgeRun, saveJudgeTemplateVersion } from "@/lib/db/judge-runs";
import { AppError } from "@/lib/errors";
import { kickJudgeRun, startJudgeRun } from "@/lib/judges/kick";
import { CreateJudgeRunInput, SaveJudgeTemplateInput } from "@/lib/judges/schemas";
import { templateProblem } from "@/lib/judges/template";
import { roleAction } from "@/lib/role-action";

/** Samples the battles, stores the run and starts its worker in this instance. */
export const createJudgeRunAction = roleAction("maintainer", CreateJudgeRunInput, async (input, actor) => {
  const run = await startJudgeRun(input, actor);
  revalidatePath("/admin/judges");
  return `Run started: ${run.totalBattles} battles, ${2 * run.totalBattles} judge calls.`;
});

const RunId = z.object({ runId: z.uuid() });

export const cancelJudgeRunAction = roleAction("maintainer", RunId, async ({ runId }, actor) => {
  if (!(await cancelJudgeRun({ runId }))) throw new AppError("conflict", "This run is not running.");
  await recordAudit({ actor, action: "judge.run.cancel", target: runId });
  revalidatePath(`/admin/judges/${runId}`);
  return "Cancelled. Verdicts so far are kept; Resume continues from there.";
});

export const resumeJudgeRunAction = roleAction("maintainer", RunId, async ({ runId }, actor) => {
  if (!(await resumeJudgeRun({ runId })))
    throw new AppError("conflict", "Only a paused, cancelled or failed run resumes.");
  await recordAudit({ actor, action: "judge.run.resume", target: runId });
  kickJudgeRun(runId);
  revalidatePath(`/admin/judges/${runId}`);
  return "Resumed.";
});

/** Saves a template edit as its next version (runs keep the version they used). */
export const saveJudgeTemplateAction = roleAction(
  "maintainer",
  SaveJudgeTemplateInput,
  async (input, actor) => {
    const problem = templateProblem(input);
    if (problem) throw new AppError("bad_request", `Not saved: ${problem}.`);
    const saved = await saveJudgeTemplateVersion({ ...input, createdBy: actor.label });
    await recordAudit({
      actor,
      action: "judge.template.save",
      target: input.name,
      details: { version: saved.version },
    });
    revalidatePath("/admin/judges");
    return `Saved ${input.name} version ${saved.version}.`;
  },
);
