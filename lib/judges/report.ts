import { LRUCache } from "lru-cache";
import { getJudgeRun, type JudgeRunView } from "@/lib/db/judge-run-views";
import { listJudgedBattles } from "@/lib/db/judge-votes";
import { type JudgeRunResults, judgeRunResults } from "./stats";

// A run with its statistics, for the pages, the API and the CLI. The statistics are
// recomputed only when the run has new verdicts (bootstraps cost a second or two).

export interface JudgeRunReport {
  run: JudgeRunView;
  results: JudgeRunResults | null;
}

const cache = new LRUCache<string, JudgeRunResults>({ max: 50 });

export async function getJudgeRunReport({ runId }: { runId: string }): Promise<JudgeRunReport | null> {
  const run = await getJudgeRun({ runId });
  if (!run) return null;
  if (run.verdicts === 0) return { run, results: null };
  const key = `${run.id}:${run.verdicts}`;
  let results = cache.get(key);
  if (!results) {
    results = judgeRunResults(await listJudgedBattles({ runId }), run.judge.family, { seed: 0 });
    cache.set(key, results);
  }
  return { run, results };
}
