import "server-only";
import type { JudgeRunLimits, JudgeRunSample } from "@/lib/judges/schemas";
import { db } from "./client";
import type { JudgeRunStatus } from "./judge-runs";

// What the judges pages, the API and the CLI show of a run: its settings and progress.

export interface JudgeRunView {
  id: string;
  status: JudgeRunStatus;
  judge: { slug: string; displayName: string; family: string | null };
  template: { id: string; name: string; version: number };
  sample: JudgeRunSample;
  limits: JudgeRunLimits;
  totalBattles: number;
  /** Verdicts stored, of 2 × totalBattles (both orders). */
  verdicts: number;
  unparseable: number;
  tokens: number;
  costUsd: number | null;
  pauseReason: string | null;
  error: string | null;
  /** A worker holds a live lease. */
  working: boolean;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface Row {
  id: string;
  status: JudgeRunStatus;
  judge_slug: string;
  judge_name: string;
  judge_family: string | null;
  template_id: string;
  template_name: string;
  template_version: number;
  sample: JudgeRunSample;
  limits: JudgeRunLimits;
  total_battles: number;
  verdicts: number;
  unparseable: number;
  tokens: number;
  cost: number | null;
  pause_reason: string | null;
  error: string | null;
  working: boolean;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const SELECT = `
  SELECT r.id::text, r.status, m.slug AS judge_slug, m.display_name AS judge_name, m.organization AS judge_family,
         t.id::text AS template_id, t.name AS template_name, t.version AS template_version,
         r.sample, r.limits, r.total_battles, coalesce(v.n, 0)::int AS verdicts, coalesce(v.unparseable, 0)::int AS unparseable,
         coalesce(v.tokens, 0)::int AS tokens, v.cost, r.pause_reason, r.error,
         (r.status = 'running' AND r.lease_until > now()) AS working,
         r.created_by, r.created_at, r.started_at, r.finished_at
  FROM judge_runs r
  JOIN models m ON m.id = r.judge_model_id
  JOIN judge_templates t ON t.id = r.template_id
  LEFT JOIN LATERAL (
    SELECT count(*) AS n, count(*) FILTER (WHERE verdict = 'unparseable') AS unparseable,
           sum(coalesce(input_tokens, 0) + coalesce(output_tokens, 0)) AS tokens, sum(cost_usd)::float8 AS cost
    FROM judge_votes WHERE run_id = r.id) v ON true`;

const toView = (r: Row): JudgeRunView => ({
  id: r.id,
  status: r.status,
  judge: { slug: r.judge_slug, displayName: r.judge_name, family: r.judge_family },
  template: { id: r.template_id, name: r.template_name, version: r.template_version },
  sample: r.sample,
  limits: r.limits,
  totalBattles: r.total_battles,
  verdicts: r.verdicts,
  unparseable: r.unparseable,
  tokens: r.tokens,
  costUsd: r.cost,
  pauseReason: r.pause_reason,
  error: r.error,
  working: r.working,
  createdBy: r.created_by,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** The newest runs first. */
export async function listJudgeRuns({ limit = 100 }: { limit?: number } = {}): Promise<JudgeRunView[]> {
  const rows = await db.$queryRawUnsafe<Row[]>(`${SELECT} ORDER BY r.created_at DESC LIMIT $1`, limit);
  return rows.map(toView);
}

export async function getJudgeRun({ runId }: { runId: string }): Promise<JudgeRunView | null> {
  const rows = await db.$queryRawUnsafe<Row[]>(`${SELECT} WHERE r.id = $1::uuid`, runId);
  return rows[0] ? toView(rows[0]) : null;
}
