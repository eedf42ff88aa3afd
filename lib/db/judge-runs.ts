import "server-only";
import { AppError } from "@/lib/errors";
import type { JudgeRunLimits, JudgeRunSample } from "@/lib/judges/schemas";
import { DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_NAME, type JudgeTemplateText } from "@/lib/judges/template";
import type { ProviderModelConfig } from "@/lib/providers/config";
import { db } from "./client";

// LLM-judge runs (lib/judges): templates, runs and their sampled battles, and the run's
// state machine. The state lives here, never in a process: a worker holds a lease on
// the run (worker_id, lease_until), and when it expires any instance may take over.

export type JudgeRunStatus = "queued" | "running" | "paused" | "cancelled" | "done" | "failed";

export interface JudgeTemplateRow extends JudgeTemplateText {
  id: string;
  name: string;
  version: number;
  createdAt: Date;
}

/** The default template, version 1, created the first time anything asks for templates. */
export async function ensureDefaultTemplate(): Promise<void> {
  await db.$executeRaw`
    INSERT INTO judge_templates (name, version, system_prompt, user_template, created_by)
    VALUES (${DEFAULT_TEMPLATE_NAME}, 1, ${DEFAULT_TEMPLATE.systemPrompt}, ${DEFAULT_TEMPLATE.userTemplate}, 'built-in')
    ON CONFLICT (name, version) DO NOTHING`;
}

/** The newest version of every template. */
export async function listJudgeTemplates(): Promise<(JudgeTemplateRow & { versions: number })[]> {
  await ensureDefaultTemplate();
  const rows = await db.judgeTemplate.findMany({ orderBy: [{ name: "asc" }, { version: "desc" }] });
  const latest = new Map<string, JudgeTemplateRow & { versions: number }>();
  for (const r of rows) {
    const seen = latest.get(r.name);
    if (seen) seen.versions++;
    else latest.set(r.name, { ...r, versions: 1 });
  }
  return [...latest.values()];
}

export async function getJudgeTemplate({ id }: { id: string }): Promise<JudgeTemplateRow | null> {
  return db.judgeTemplate.findUnique({ where: { id } });
}

/** The newest version of the template called `name`. */
export async function findJudgeTemplate({ name }: { name: string }): Promise<JudgeTemplateRow | null> {
  await ensureDefaultTemplate();
  return db.judgeTemplate.findFirst({ where: { name }, orderBy: { version: "desc" } });
}

/** Saves an edit as the next version (a concurrent edit of the same name gets the one after). */
export async function saveJudgeTemplateVersion(
  input: JudgeTemplateText & { name: string; createdBy: string },
) {
  for (let attempt = 0; ; attempt++) {
    try {
      const [row] = await db.$queryRaw<{ id: string; version: number }[]>`
        INSERT INTO judge_templates (name, version, system_prompt, user_template, created_by)
        SELECT ${input.name}, coalesce(max(version), 0) + 1, ${input.systemPrompt}, ${input.userTemplate}, ${input.createdBy}
        FROM judge_templates WHERE name = ${input.name}
        RETURNING id::text, version`;
      return row;
    } catch (error) {
      if (attempt < 3 && String(error).includes("judge_templates_name_version_key")) continue;
      throw error;
    }
  }
}

/** Models a run can use as its judge: any model with a live provider. */
export async function listJudgeModels(): Promise<
  { slug: string; displayName: string; organization: string | null }[]
> {
  return db.model.findMany({
    where: { providerKind: { not: "corpus" }, status: { not: "deprecated" } },
    select: { slug: true, displayName: true, organization: true },
    orderBy: { slug: "asc" },
  });
}

/**
 * Creates a run and its sample in one transaction: counted human votes (the ones a
 * human leaderboard uses) matching the filters, drawn in a seeded pseudo-random order.
 */
export async function createJudgeRun(input: {
  judgeSlug: string;
  templateId: string;
  sample: JudgeRunSample;
  limits: JudgeRunLimits;
  createdBy: string;
}): Promise<{ id: string; totalBattles: number }> {
  const judge = await db.model.findUnique({ where: { slug: input.judgeSlug } });
  if (!judge || judge.providerKind === "corpus") {
    throw new AppError("bad_request", `No live model "${input.judgeSlug}" to judge with.`);
  }
  const s = input.sample;
  return db.$transaction(async (tx) => {
    const [run] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO judge_runs (judge_model_id, template_id, sample, limits, created_by)
      VALUES (${judge.id}::uuid, ${input.templateId}::uuid, ${JSON.stringify(s)}::jsonb,
              ${JSON.stringify(input.limits)}::jsonb, ${input.createdBy})
      RETURNING id::text`;
    const n = await tx.$executeRaw`
      INSERT INTO judge_run_battles (run_id, battle_id, position, human_outcome)
      SELECT ${run.id}::uuid, x.battle_id, row_number() OVER (ORDER BY x.k, x.battle_id), x.outcome
      FROM (
        SELECT v.battle_id, v.outcome, md5(v.battle_id::text || ${String(s.seed)}) AS k
        FROM votes v
        JOIN battles b ON b.id = v.battle_id
        JOIN models ma ON ma.id = b.model_a_id
        JOIN models mb ON mb.id = b.model_b_id
        WHERE v.counts_for_public
          AND (${s.category ?? null}::text IS NULL OR b.category_tags @> ARRAY[${s.category ?? null}::text])
          AND (${s.models ?? null}::text[] IS NULL OR ma.slug = ANY(${s.models ?? null}::text[]) OR mb.slug = ANY(${s.models ?? null}::text[]))
          AND (${s.from ?? null}::timestamptz IS NULL OR v.created_at >= ${s.from ?? null}::timestamptz)
          AND (${s.to ?? null}::timestamptz IS NULL OR v.created_at < ${s.to ?? null}::timestamptz)
        ORDER BY k, v.battle_id
        LIMIT ${s.size}
      ) x`;
    if (n === 0) throw new AppError("bad_request", "No counted human votes match this sample.");
    await tx.$executeRaw`UPDATE judge_runs SET total_battles = ${n} WHERE id = ${run.id}::uuid`;
    return { id: run.id, totalBattles: n };
  });
}

export interface ClaimedRun {
  id: string;
  templateId: string;
  limits: JudgeRunLimits;
  judge: { id: string; slug: string; family: string | null; provider: ProviderModelConfig };
}

/**
 * Takes the run's lease for `workerId` when the run is queued, or running under an
 * expired lease (its worker died) or under this worker's own lease. Null otherwise.
 */
export async function claimJudgeRun(input: { runId: string; workerId: string; leaseMs: number }) {
  const [row] = await db.$queryRaw<
    { id: string; template_id: string; limits: JudgeRunLimits; judge_model_id: string }[]
  >`
    UPDATE judge_runs SET status = 'running', worker_id = ${input.workerId},
           lease_until = now() + ${input.leaseMs} * interval '1 millisecond',
           started_at = coalesce(started_at, now()), pause_reason = NULL, updated_at = now()
    WHERE id = ${input.runId}::uuid
      AND (status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < now() OR worker_id = ${input.workerId})))
    RETURNING id::text, template_id::text, limits, judge_model_id::text`;
  if (!row) return null;
  const m = await db.model.findUniqueOrThrow({ where: { id: row.judge_model_id } });
  const provider = { ...(m.providerConfig as object), kind: m.providerKind } as ProviderModelConfig;
  return {
    id: row.id,
    templateId: row.template_id,
    limits: row.limits,
    judge: { id: m.id, slug: m.slug, family: m.organization, provider },
  } satisfies ClaimedRun;
}

/** Extends the lease; false when the run was cancelled or another worker holds it. */
export async function renewJudgeLease(input: {
  runId: string;
  workerId: string;
  leaseMs: number;
}): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE judge_runs SET lease_until = now() + ${input.leaseMs} * interval '1 millisecond', updated_at = now()
    WHERE id = ${input.runId}::uuid AND worker_id = ${input.workerId} AND status = 'running'`;
  return n === 1;
}

/** The worker ends its turn: done, paused (budget, provider trouble) or failed. */
export async function releaseJudgeRun(input: {
  runId: string;
  workerId: string;
  status: "done" | "paused" | "failed";
  reason?: string;
}): Promise<void> {
  await db.$executeRaw`
    UPDATE judge_runs SET status = ${input.status}, lease_until = NULL, updated_at = now(),
           pause_reason = ${input.status === "paused" ? (input.reason ?? null) : null},
           error = ${input.status === "failed" ? (input.reason ?? null) : null},
           finished_at = ${input.status === "done" ? new Date() : null}
    WHERE id = ${input.runId}::uuid AND worker_id = ${input.workerId} AND status = 'running'`;
}

/** Cancel: the worker sees it at its next lease renewal (within a few seconds) and stops. */
export async function cancelJudgeRun({ runId }: { runId: string }): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE judge_runs SET status = 'cancelled', lease_until = NULL, updated_at = now()
    WHERE id = ${runId}::uuid AND status IN ('queued', 'running', 'paused')`;
  return n === 1;
}

/** Resume a paused, cancelled or failed run: queued again; verdicts already stored are kept. */
export async function resumeJudgeRun({ runId }: { runId: string }): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE judge_runs SET status = 'queued', pause_reason = NULL, error = NULL, finished_at = NULL, updated_at = now()
    WHERE id = ${runId}::uuid AND status IN ('paused', 'cancelled', 'failed')`;
  return n === 1;
}

/** Runs that need a worker: queued, or running under an expired lease. */
export async function listJudgeRunsNeedingWorker(): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM judge_runs
    WHERE status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < now()))
    ORDER BY created_at`;
  return rows.map((r) => r.id);
}
