import { notFound } from "next/navigation";
import { cancelJudgeRunAction, resumeJudgeRunAction } from "@/app/admin/judges/actions";
import { ActionForm } from "@/components/admin/action-form";
import { JudgeResults } from "@/components/admin/judge-results";
import { JudgeRunProgress } from "@/components/admin/judge-run-progress";
import { requirePageRole } from "@/lib/auth";
import { EXPORT_FORMATS } from "@/lib/export/types";
import { kickJudgeRun } from "@/lib/judges/kick";
import { getJudgeRunReport } from "@/lib/judges/report";

export const metadata = { title: "Judge run" };

const UUID = /^[0-9a-f-]{36}$/i;

export default async function JudgeRunPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole("maintainer");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const report = await getJudgeRunReport({ runId: id });
  if (!report) notFound();
  const { run, results, disagreementOutputs } = report;
  // A queued run, or one whose worker died, is picked up by whichever instance shows it.
  if (run.status === "queued" || (run.status === "running" && !run.working)) kickJudgeRun(run.id);
  const s = run.sample;
  const sample = [
    `${run.totalBattles} battles`,
    s.category ? `category ${s.category}` : null,
    s.models ? `with ${s.models.join(", ")}` : null,
    s.from ? `from ${s.from}` : null,
    s.to ? `before ${s.to}` : null,
    `seed ${s.seed}`,
  ].filter(Boolean);
  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <h2 className="text-lg font-semibold">
          Judge run · {run.judge.displayName}{" "}
          <span className="text-sm font-normal text-zinc-500">({run.judge.slug})</span>
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Family {run.judge.family ?? "unknown"} · template {run.template.name} v{run.template.version} ·{" "}
          {sample.join(", ")} · {run.tokens} tokens
          {run.costUsd !== null ? ` · $${run.costUsd.toFixed(4)}` : ""} · started by {run.createdBy ?? "?"}
        </p>
      </div>
      <JudgeRunProgress
        runId={run.id}
        initial={{
          status: run.status,
          verdicts: run.verdicts,
          total: 2 * run.totalBattles,
          pauseReason: run.pauseReason,
          error: run.error,
        }}
      />
      <div className="flex flex-wrap gap-3">
        {run.status === "queued" || run.status === "running" || run.status === "paused" ? (
          <ActionForm action={cancelJudgeRunAction} submitLabel="Cancel run" testId="judge-cancel">
            <input type="hidden" name="runId" value={run.id} />
          </ActionForm>
        ) : null}
        {run.status === "paused" || run.status === "cancelled" || run.status === "failed" ? (
          <ActionForm
            action={resumeJudgeRunAction}
            submitLabel="Resume run"
            variant="primary"
            testId="judge-resume"
          >
            <input type="hidden" name="runId" value={run.id} />
          </ActionForm>
        ) : null}
      </div>
      <p className="text-sm" data-testid="judge-downloads">
        Judge votes (marked as judge votes, in the human dumps' formats):{" "}
        {EXPORT_FORMATS.map((f, i) => (
          <span key={f}>
            {i > 0 ? " · " : ""}
            <a className="underline" href={`/api/admin/judges/runs/${run.id}/votes?format=${f}`}>
              {f}
            </a>
          </span>
        ))}{" "}
        ·{" "}
        <a className="underline" href={`/api/admin/judges/runs/${run.id}`}>
          JSON (results and settings)
        </a>
      </p>
      {results ? (
        <JudgeResults r={results} outputs={disagreementOutputs} />
      ) : (
        <p className="text-sm text-zinc-500">No verdicts yet.</p>
      )}
    </div>
  );
}
