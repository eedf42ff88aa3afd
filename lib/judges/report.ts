import { LRUCache } from "lru-cache";
import { getJudgeRun, type JudgeRunView, listJudgeRuns } from "@/lib/db/judge-run-views";
import { listJudgedBattles, listJudgeRawOutputs } from "@/lib/db/judge-votes";
import { type JudgeRunResults, judgeRunResults } from "./stats";

// A run with its statistics, for the pages, the API and the CLI. The statistics are
// recomputed only when the run has new verdicts (bootstraps cost a second or two).

export interface JudgeRunReport {
  run: JudgeRunView;
  results: JudgeRunResults | null;
  /** The judge's answers (both orders) on the most-disagreeing battles, to read why. */
  disagreementOutputs: Record<string, { ab?: string; ba?: string }>;
}

const cache = new LRUCache<string, JudgeRunResults>({ max: 50 });

export async function getJudgeRunReport({ runId }: { runId: string }): Promise<JudgeRunReport | null> {
  const run = await getJudgeRun({ runId });
  if (!run) return null;
  if (run.verdicts === 0) return { run, results: null, disagreementOutputs: {} };
  const key = `${run.id}:${run.verdicts}`;
  let results = cache.get(key);
  if (!results) {
    results = judgeRunResults(await listJudgedBattles({ runId }), run.judge.family, { seed: 0 });
    cache.set(key, results);
  }
  const disagreementOutputs = await listJudgeRawOutputs({
    runId,
    battleIds: results.disagreements.map((d) => d.battleId),
  });
  return { run, results, disagreementOutputs };
}

export interface JudgeRunSummary {
  run: JudgeRunView;
  /** Point estimates only (no bootstrap), for the list of runs. */
  quick: {
    agreement: number;
    kappa: number;
    flipRate: number;
    selfPreference: number;
    tau: number;
  } | null;
}

const quickCache = new LRUCache<string, NonNullable<JudgeRunSummary["quick"]>>({ max: 500 });

export async function listJudgeRunSummaries(): Promise<JudgeRunSummary[]> {
  const runs = await listJudgeRuns();
  return Promise.all(
    runs.map(async (run) => {
      if (run.verdicts === 0) return { run, quick: null };
      const key = `${run.id}:${run.verdicts}`;
      let quick = quickCache.get(key);
      if (!quick) {
        const r = judgeRunResults(await listJudgedBattles({ runId: run.id }), run.judge.family, {
          rounds: 0,
        });
        quick = {
          agreement: r.agreement.rate.value,
          kappa: r.agreement.kappa.value,
          flipRate: r.positionBias.flipRate.value,
          selfPreference: r.selfPreference.delta.value,
          tau: r.leaderboards.tau.value,
        };
        quickCache.set(key, quick);
      }
      return { run, quick };
    }),
  );
}
