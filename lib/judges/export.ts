import { listJudgeVotesForExport } from "@/lib/db/judge-votes";
import { FORMATS } from "@/lib/export/formats";
import type { ExportFormat } from "@/lib/export/formats/format";
import { exportStream } from "@/lib/export/stream";
import type { ExportFormatId, ExportVote } from "@/lib/export/types";

// Judge verdicts in the same dump formats as human votes, marked as judge votes: the
// `judge` column is "llm-judge:<model>", JSON rows carry judge_source, judge_run_id,
// judge_order and judge_template_version, and the file name says judge-votes. model_a is
// the answer the judge saw first (as model_a is the left answer in a human dump), so a
// position-biased judge shows in a dump as a bias for model_a. Unparseable verdicts have
// no winner and are left out (the run's JSON has them, with the raw output).

const JSON_FORMATS = new Set<ExportFormatId>(["fastchat", "fastchat_jsonl", "arena140k", "dpo", "kto"]);

function marked(base: ExportFormat, runId: string, orders: Map<string, { order: string; version: number }>) {
  if (!JSON_FORMATS.has(base.id)) return base;
  return {
    ...base,
    writeRows: undefined,
    rows: (vote: ExportVote, opts: Parameters<ExportFormat["rows"]>[1]) => {
      const o = orders.get(vote.sessionId);
      return base.rows(vote, opts).map((row) =>
        JSON.stringify({
          ...JSON.parse(row),
          judge_source: "llm_judge",
          judge_run_id: runId,
          judge_order: o?.order,
          judge_template_version: o?.version,
        }),
      );
    },
  } satisfies ExportFormat;
}

export function judgeVotesFilename(runId: string, format: ExportFormatId): string {
  return `pairwise-arena-judge-votes-${runId.slice(0, 8)}-${format}.${FORMATS[format].extension}`;
}

/** The run's judge votes as a dump in `format` (streamed; a run holds at most a few tens of thousands). */
export async function judgeVotesDump(runId: string, format: ExportFormatId, judgeSlug: string) {
  const votes = await listJudgeVotesForExport({ runId });
  const orders = new Map<string, { order: string; version: number }>();
  const rows: ExportVote[] = [];
  for (const v of votes) {
    if (v.verdict === "unparseable") continue;
    const key = `${v.battleId}:${v.order}`;
    orders.set(key, { order: v.order, version: v.templateVersion });
    rows.push({
      battleId: v.battleId,
      battleNumber: v.battleNumber,
      judge: `llm-judge:${judgeSlug}`,
      sessionId: key,
      evaluationOrder: v.order === "ab" ? 1 : 2,
      outcome: v.verdict,
      votedAt: v.votedAt,
      mode: v.mode,
      // The first-shown answer stands where a human dump puts the left one.
      shownLeft: v.order === "ab" ? "a" : "b",
      modelA: v.modelA,
      modelB: v.modelB,
      categoryTags: v.categoryTags,
      countsForPublic: true,
      exclusionReason: null,
      turns: v.turns.map((t) => ({
        user: { content: t.user ?? "", tokens: t.userTokens },
        a: { content: t.a ?? "", tokens: t.aTokens },
        b: { content: t.b ?? "", tokens: t.bTokens },
      })),
      convMetadata: null,
      promptLabels: null,
      dedupTag: null,
    });
  }
  async function* batches() {
    for (let i = 0; i < rows.length; i += 500) yield rows.slice(i, i + 500);
  }
  return exportStream(batches(), marked(FORMATS[format], runId, orders), { includeExcluded: false });
}
