import Link from "next/link";
import { num, pct, signed } from "@/components/admin/judge-format";
import { JudgeRunForm } from "@/components/admin/judge-run-form";
import { JudgeTemplates } from "@/components/admin/judge-templates";
import { requirePageRole } from "@/lib/auth";
import { listJudgeModels, listJudgeTemplates } from "@/lib/db/judge-runs";
import { kickStalledJudgeRuns } from "@/lib/judges/kick";
import { listJudgeRunSummaries } from "@/lib/judges/report";

export const metadata = { title: "Judges" };

export default async function JudgesPage() {
  await requirePageRole("maintainer");
  // Queued runs and runs whose worker died are picked up by whichever instance shows them.
  await kickStalledJudgeRuns();
  const [judges, templates, runs] = await Promise.all([
    listJudgeModels(),
    listJudgeTemplates(),
    listJudgeRunSummaries(),
  ]);
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h2 className="font-semibold">LLM judges next to humans</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          A judge model rates human-voted battles in both orders. Its verdicts are stored apart from human
          votes and never enter a leaderboard or a vote dump.
        </p>
        {judges.length === 0 ? (
          <p className="text-sm">No model with a live provider to judge with: add one under Models.</p>
        ) : (
          <JudgeRunForm judges={judges} templates={templates} />
        )}
      </section>
      <section className="space-y-2">
        <h2 className="font-semibold">Runs</h2>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="judge-runs">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="p-1">Started</th>
                <th className="p-1">Judge</th>
                <th className="p-1">Template</th>
                <th className="p-1">Status</th>
                <th className="p-1">Verdicts</th>
                <th className="p-1">Agreement</th>
                <th className="p-1">κ</th>
                <th className="p-1">Order flips</th>
                <th className="p-1">Self-preference</th>
                <th className="p-1">Kendall τ</th>
              </tr>
            </thead>
            <tbody>
              {runs.map(({ run, quick }) => (
                <tr key={run.id} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="p-1">
                    <Link href={`/admin/judges/${run.id}`} className="underline" data-testid="judge-run-link">
                      {run.createdAt.toISOString().slice(0, 16).replace("T", " ")}
                    </Link>
                  </td>
                  <td className="p-1">{run.judge.slug}</td>
                  <td className="p-1">
                    {run.template.name} v{run.template.version}
                  </td>
                  <td className="p-1">{run.status}</td>
                  <td className="p-1 tabular-nums">
                    {run.verdicts}/{2 * run.totalBattles}
                  </td>
                  <td className="p-1 tabular-nums">{quick ? pct(quick.agreement) : "–"}</td>
                  <td className="p-1 tabular-nums">{quick ? num(quick.kappa) : "–"}</td>
                  <td className="p-1 tabular-nums">{quick ? pct(quick.flipRate) : "–"}</td>
                  <td className="p-1 tabular-nums">{quick ? signed(quick.selfPreference) : "–"}</td>
                  <td className="p-1 tabular-nums">{quick ? num(quick.tau) : "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {runs.length === 0 ? <p className="text-sm text-zinc-500">No runs yet.</p> : null}
      </section>
      <section className="space-y-2">
        <h2 className="font-semibold">Prompt templates</h2>
        <JudgeTemplates templates={templates} />
      </section>
    </div>
  );
}
