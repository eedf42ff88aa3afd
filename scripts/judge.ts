// npm run judge -- <command> …: LLM-judge runs for automation (the console's Judges page
// does the same). See USAGE.
import "dotenv/config";
import { parseArgs } from "node:util";
import { resolveDatabaseUrl } from "./database-url";

const USAGE = `Usage: npm run judge -- <command> [options]

  create --judge SLUG [--template NAME] [--size N] [--category TAG] [--models a,b]
         [--from DATE] [--to DATE] [--seed N] [--rpm N] [--concurrency N] [--max-tokens N]
         [--price-in USD_PER_MTOK] [--price-out USD_PER_MTOK] [--detach] [--json]
      Samples N counted human votes (default 200; battles with any of --models; votes
      cast in [from, to)), asks the judge (a model of the arena with a live provider)
      about each battle in both orders, and prints the results. --detach only creates
      the run (a later "work" or the console runs it).
  work [RUN_ID] [--json]   run RUN_ID, or every queued run and every run whose worker died
  resume RUN_ID [--json]   resume a paused, cancelled or failed run and run it
  cancel RUN_ID            cancel a run (its worker stops within seconds)
  list                     runs, newest first
  show RUN_ID [--json]     a run's settings, progress and results

Judge verdicts are stored apart from human votes (judge_votes) and never enter a human
leaderboard or dump. Exit code 0 when the run is done, 3 when it paused or was cancelled.`;

class UsageError extends Error {}

const options = {
  judge: { type: "string" },
  template: { type: "string" },
  size: { type: "string" },
  category: { type: "string" },
  models: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  seed: { type: "string" },
  rpm: { type: "string" },
  concurrency: { type: "string" },
  "max-tokens": { type: "string" },
  "price-in": { type: "string" },
  "price-out": { type: "string" },
  detach: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "n/a");
const num = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options, allowPositionals: true });
  const [command, runIdArg] = positionals;
  if (values.help || !command) return void console.log(USAGE);
  await resolveDatabaseUrl();
  const runs = await import("../lib/db/judge-runs");
  const { getJudgeRunReport } = await import("../lib/judges/report");
  const { runJudgeWorker } = await import("../lib/judges/job");
  const { listJudgeRuns } = await import("../lib/db/judge-run-views");
  const { db } = await import("../lib/db/client");
  const log = (m: string) => console.error(`judge: ${m}`);

  const print = async (runId: string) => {
    const report = await getJudgeRunReport({ runId });
    if (!report) throw new UsageError(`no run ${runId}`);
    if (values.json) return void console.log(JSON.stringify(report, null, 2));
    const { run, results: r } = report;
    console.log(
      `run ${run.id} · ${run.status}${run.pauseReason ? ` (${run.pauseReason})` : ""}${run.error ? ` (${run.error})` : ""}`,
    );
    console.log(
      `judge ${run.judge.slug} (family ${run.judge.family ?? "unknown"}) · template ${run.template.name} v${run.template.version}`,
    );
    console.log(
      `verdicts ${run.verdicts}/${2 * run.totalBattles} · unparseable ${run.unparseable} · tokens ${run.tokens}`,
    );
    if (!r) return;
    console.log(
      `agreement ${pct(r.agreement.rate.value)} [${pct(r.agreement.rate.ciLow)}, ${pct(r.agreement.rate.ciHigh)}] · κ ${num(r.agreement.kappa.value)} [${num(r.agreement.kappa.ciLow)}, ${num(r.agreement.kappa.ciHigh)}]`,
    );
    console.log(
      `position bias: flips ${pct(r.positionBias.flipRate.value)} · first shown chosen ${pct(r.positionBias.firstRate.value)} · favours ${r.positionBias.favoured ?? "neither"}`,
    );
    console.log(
      `self-preference (${r.selfPreference.family ?? "no family"}, ${r.selfPreference.n} battles): ${num(r.selfPreference.delta.value)} [${num(r.selfPreference.delta.ciLow)}, ${num(r.selfPreference.delta.ciHigh)}]`,
    );
    console.log(
      `leaderboards: Kendall τ ${num(r.leaderboards.tau.value)} [${num(r.leaderboards.tau.ciLow)}, ${num(r.leaderboards.tau.ciHigh)}] · RBO ${num(r.leaderboards.rbo.value)} [${num(r.leaderboards.rbo.ciLow)}, ${num(r.leaderboards.rbo.ciHigh)}]`,
    );
  };

  const work = async (runId: string) => {
    const progress = setInterval(async () => {
      const v = (await listJudgeRuns({ limit: 1000 })).find((x) => x.id === runId);
      if (v) log(`${v.verdicts}/${2 * v.totalBattles} verdicts`);
    }, 5000);
    const ctrl = new AbortController();
    const stop = () => ctrl.abort();
    process.once("SIGINT", stop);
    try {
      const outcome = await runJudgeWorker({ runId, signal: ctrl.signal, log });
      log(`run ${runId}: ${outcome}`);
      await print(runId);
      if (outcome !== "done") process.exitCode = 3;
    } finally {
      clearInterval(progress);
      process.off("SIGINT", stop);
    }
  };

  try {
    switch (command) {
      case "create": {
        const { CreateJudgeRunInput, splitRunInput } = await import("../lib/judges/schemas");
        if (!values.judge) throw new UsageError(`--judge is required\n\n${USAGE}`);
        const template = await runs.findJudgeTemplate({ name: values.template ?? "pairwise-default" });
        if (!template) throw new UsageError(`no template "${values.template}"`);
        const parsed = CreateJudgeRunInput.safeParse({
          judge: values.judge,
          templateId: template.id,
          size: values.size ?? "200",
          category: values.category,
          models: values.models,
          from: values.from,
          to: values.to,
          seed: values.seed,
          requestsPerMinute: values.rpm,
          concurrency: values.concurrency,
          maxTokens: values["max-tokens"],
          priceInPerMTok: values["price-in"],
          priceOutPerMTok: values["price-out"],
        });
        if (!parsed.success) {
          throw new UsageError(
            parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"),
          );
        }
        const { sample, limits } = splitRunInput(parsed.data);
        const run = await runs.createJudgeRun({
          judgeSlug: parsed.data.judge,
          templateId: template.id,
          sample,
          limits,
          createdBy: "cli",
        });
        log(`run ${run.id}: ${run.totalBattles} battles, ${2 * run.totalBattles} judge calls`);
        if (values.detach) console.log(run.id);
        else await work(run.id);
        break;
      }
      case "work": {
        const ids = runIdArg ? [runIdArg] : await runs.listJudgeRunsNeedingWorker();
        if (ids.length === 0) log("no run needs a worker");
        for (const id of ids) await work(id);
        break;
      }
      case "resume":
        if (!runIdArg) throw new UsageError("resume needs a run id");
        if (!(await runs.resumeJudgeRun({ runId: runIdArg })))
          log("the run was not paused, cancelled or failed");
        await work(runIdArg);
        break;
      case "cancel":
        if (!runIdArg) throw new UsageError("cancel needs a run id");
        log((await runs.cancelJudgeRun({ runId: runIdArg })) ? "cancelled" : "nothing to cancel");
        break;
      case "list":
        for (const r of await listJudgeRuns()) {
          console.log(
            [
              r.id,
              r.status,
              r.judge.slug,
              `${r.verdicts}/${2 * r.totalBattles}`,
              r.createdAt.toISOString(),
            ].join("\t"),
          );
        }
        break;
      case "show":
        if (!runIdArg) throw new UsageError("show needs a run id");
        await print(runIdArg);
        break;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`judge: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
