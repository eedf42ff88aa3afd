import { type AuditActor, recordAudit } from "@/lib/db/audit";
import { createJudgeRun, listJudgeRunsNeedingWorker } from "@/lib/db/judge-runs";
import { runJudgeWorker } from "./job";
import { type CreateJudgeRunInput, splitRunInput } from "./schemas";

// Starts a judge worker in this process. The run's lease in Postgres decides who works
// on it; this set only saves a second local worker's futile claim. Any instance that
// creates, resumes or shows a run kicks it, so a run whose process died is picked up by
// the next instance that looks at it (or by `npm run judge -- work`).

const g = globalThis as unknown as { judgeWorkers?: Set<string> };
g.judgeWorkers ??= new Set<string>();
const local = g.judgeWorkers;

export function kickJudgeRun(runId: string): void {
  if (local.has(runId)) return;
  local.add(runId);
  void runJudgeWorker({ runId, log: (m) => console.error(`judge: ${m}`) })
    .catch((error) => console.error(`judge run ${runId} worker crashed:`, error))
    .finally(() => local.delete(runId));
}

/** Kicks every queued run and every running one whose worker's lease expired. */
export async function kickStalledJudgeRuns(): Promise<void> {
  for (const id of await listJudgeRunsNeedingWorker()) kickJudgeRun(id);
}

/** Samples the battles, stores the run, audits it and starts its worker in this instance (console and API). */
export async function startJudgeRun(
  input: CreateJudgeRunInput,
  actor: AuditActor,
): Promise<{ id: string; totalBattles: number }> {
  const { sample, limits } = splitRunInput(input);
  const run = await createJudgeRun({
    judgeSlug: input.judge,
    templateId: input.templateId,
    sample,
    limits,
    createdBy: actor.label,
  });
  await recordAudit({
    actor,
    action: "judge.run.create",
    target: run.id,
    details: { judge: input.judge, sample, limits },
  });
  kickJudgeRun(run.id);
  return run;
}
