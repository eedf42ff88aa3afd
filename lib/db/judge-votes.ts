import "server-only";
import { env } from "@/lib/env";
import type { JudgedBattle } from "@/lib/judges/stats";
import type { BattleTurn } from "@/lib/judges/template";
import type { BattleOutcome, JudgeOrder, JudgeVerdict, PositionVerdict } from "@/lib/judges/verdict";
import { db } from "./client";

// Judge verdicts (judge_votes): written by the judge job, read by the run pages and the
// judge-vote dumps. Nothing here reads or writes "votes": judge verdicts stay out of
// the human leaderboards and dumps.

export interface JudgeTask {
  battleId: string;
  order: JudgeOrder;
  turns: BattleTurn[];
}

/** The next battles × orders of the run without a stored verdict, in sample order. */
export async function nextJudgeTasks({
  runId,
  limit,
}: {
  runId: string;
  limit: number;
}): Promise<JudgeTask[]> {
  const todo = await db.$queryRaw<{ battle_id: string; order: JudgeOrder }[]>`
    SELECT rb.battle_id::text, o.ord AS order
    FROM judge_run_battles rb CROSS JOIN (VALUES ('ab'), ('ba')) AS o(ord)
    WHERE rb.run_id = ${runId}::uuid
      AND NOT EXISTS (SELECT 1 FROM judge_votes jv
                      WHERE jv.run_id = rb.run_id AND jv.battle_id = rb.battle_id AND jv."order" = o.ord)
    ORDER BY rb.position, o.ord
    LIMIT ${limit}`;
  if (todo.length === 0) return [];
  const ids = [...new Set(todo.map((t) => t.battle_id))];
  // Each turn's user message and the newest attempt of each side's answer.
  const messages = await db.$queryRaw<
    { battle_id: string; turn: number; side: "a" | "b" | null; content: string }[]
  >`
    SELECT DISTINCT ON (m.battle_id, m.turn, m.side) m.battle_id::text, m.turn, m.side::text AS side, m.content
    FROM messages m WHERE m.battle_id = ANY(${ids}::uuid[])
    ORDER BY m.battle_id, m.turn, m.side, m.attempt DESC`;
  const turns = new Map<string, Map<number, BattleTurn>>();
  for (const m of messages) {
    const byTurn = turns.get(m.battle_id) ?? new Map<number, BattleTurn>();
    const t = byTurn.get(m.turn) ?? { prompt: "", a: "", b: "" };
    if (m.side === null) t.prompt = m.content;
    else t[m.side] = m.content;
    byTurn.set(m.turn, t);
    turns.set(m.battle_id, byTurn);
  }
  return todo.map((t) => ({
    battleId: t.battle_id,
    order: t.order,
    turns: [...(turns.get(t.battle_id)?.entries() ?? [])].sort(([x], [y]) => x - y).map(([, v]) => v),
  }));
}

/** Stores one verdict; a second writer for the same battle and order is a no-op. */
export async function saveJudgeVote(input: {
  runId: string;
  battleId: string;
  templateId: string;
  order: JudgeOrder;
  rawOutput: string;
  verdict: JudgeVerdict;
  positionVerdict: PositionVerdict;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  latencyMs: number | null;
}): Promise<void> {
  await db.$executeRaw`
    INSERT INTO judge_votes (run_id, battle_id, template_id, template_version, "order", raw_output, verdict,
                             position_verdict, input_tokens, output_tokens, cost_usd, latency_ms)
    SELECT ${input.runId}::uuid, ${input.battleId}::uuid, t.id, t.version, ${input.order}, ${input.rawOutput},
           ${input.verdict}, ${input.positionVerdict}, ${input.inputTokens}, ${input.outputTokens},
           ${input.costUsd}, ${input.latencyMs}
    FROM judge_templates t WHERE t.id = ${input.templateId}::uuid
    ON CONFLICT (run_id, battle_id, "order") DO NOTHING`;
}

/** Counts the judge's tokens against its daily budget, shared with its arena answers. */
export async function addJudgeTokenUsage({ modelId, tokens }: { modelId: string; tokens: number }) {
  if (tokens <= 0) return;
  await db.$executeRaw`
    INSERT INTO model_token_usage (model_id, day, tokens)
    VALUES (${modelId}::uuid, (now() AT TIME ZONE 'UTC')::date, ${tokens})
    ON CONFLICT (model_id, day) DO UPDATE SET tokens = model_token_usage.tokens + EXCLUDED.tokens`;
}

/** Whether the model has used today's token budget (dailyTokenBudget or ARENA_MODEL_DAILY_TOKENS). */
export async function isModelOverDailyBudget({ modelId }: { modelId: string }): Promise<boolean> {
  if (env().ARENA_ABUSE_DEFENCES === "off") return false;
  const [row] = await db.$queryRaw<{ over: boolean }[]>`
    SELECT coalesce(u.tokens >= coalesce((m.provider_config->>'dailyTokenBudget')::bigint, ${env().ARENA_MODEL_DAILY_TOKENS}), false) AS over
    FROM models m LEFT JOIN model_token_usage u ON u.model_id = m.id AND u.day = (now() AT TIME ZONE 'UTC')::date
    WHERE m.id = ${modelId}::uuid`;
  return row?.over ?? false;
}

export interface JudgeRunSpend {
  verdicts: number;
  tokens: number;
  costUsd: number | null;
}

export async function getJudgeRunSpend({ runId }: { runId: string }): Promise<JudgeRunSpend> {
  const [r] = await db.$queryRaw<{ n: number; tokens: number; cost: number | null }[]>`
    SELECT count(*)::int AS n,
           coalesce(sum(coalesce(input_tokens, 0) + coalesce(output_tokens, 0)), 0)::int AS tokens,
           sum(cost_usd)::float8 AS cost
    FROM judge_votes WHERE run_id = ${runId}::uuid`;
  return { verdicts: r.n, tokens: r.tokens, costUsd: r.cost };
}

/** The run's battles with the human vote (as sampled) and the judge's verdicts, for lib/judges/stats. */
export async function listJudgedBattles({ runId }: { runId: string }): Promise<JudgedBattle[]> {
  const rows = await db.$queryRaw<
    {
      battle_id: string;
      model_a: string;
      model_b: string;
      family_a: string | null;
      family_b: string | null;
      human: BattleOutcome;
      ab: JudgeVerdict | null;
      ba: JudgeVerdict | null;
    }[]
  >`
    SELECT rb.battle_id::text, ma.slug AS model_a, mb.slug AS model_b, ma.organization AS family_a,
           mb.organization AS family_b, rb.human_outcome::text AS human,
           max(jv.verdict) FILTER (WHERE jv."order" = 'ab') AS ab,
           max(jv.verdict) FILTER (WHERE jv."order" = 'ba') AS ba
    FROM judge_run_battles rb
    JOIN battles b ON b.id = rb.battle_id
    JOIN models ma ON ma.id = b.model_a_id
    JOIN models mb ON mb.id = b.model_b_id
    LEFT JOIN judge_votes jv ON jv.run_id = rb.run_id AND jv.battle_id = rb.battle_id
    WHERE rb.run_id = ${runId}::uuid
    GROUP BY rb.position, rb.battle_id, ma.slug, mb.slug, ma.organization, mb.organization, rb.human_outcome
    ORDER BY rb.position`;
  return rows.map((r) => ({
    battleId: r.battle_id,
    modelA: r.model_a,
    modelB: r.model_b,
    familyA: r.family_a,
    familyB: r.family_b,
    human: r.human,
    judge: { ab: r.ab, ba: r.ba },
  }));
}

/** A stored judge verdict as the dumps need it (lib/judges/export.ts builds the rows). */
export interface JudgeVoteForExport {
  battleId: string;
  battleNumber: number;
  mode: "anonymous" | "named" | "corpus";
  categoryTags: string[];
  modelA: string;
  modelB: string;
  order: JudgeOrder;
  verdict: JudgeVerdict;
  templateVersion: number;
  votedAt: Date;
  turns: {
    turn: number;
    user: string;
    a: string;
    b: string;
    userTokens: number | null;
    aTokens: number | null;
    bTokens: number | null;
  }[];
}

/** The run's verdicts in sample order (battle, then ab before ba), with each battle's conversation. */
export async function listJudgeVotesForExport({ runId }: { runId: string }): Promise<JudgeVoteForExport[]> {
  const rows = await db.$queryRaw<
    {
      battle_id: string;
      number: bigint;
      mode: JudgeVoteForExport["mode"];
      category_tags: string[];
      model_a: string;
      model_b: string;
      order: JudgeOrder;
      verdict: JudgeVerdict;
      template_version: number;
      created_at: Date;
      turns: JudgeVoteForExport["turns"];
    }[]
  >`
    SELECT jv.battle_id::text, b.number, b.mode::text AS mode, b.category_tags, ma.slug AS model_a, mb.slug AS model_b,
           jv."order", jv.verdict, jv.template_version, jv.created_at,
           (SELECT json_agg(json_build_object(
                     'turn', t.turn, 'user', t.u, 'a', t.a, 'b', t.b,
                     'userTokens', t.ut, 'aTokens', t.at, 'bTokens', t.bt) ORDER BY t.turn)
            FROM (SELECT m.turn,
                         max(m.content) FILTER (WHERE m.side IS NULL) AS u,
                         max(m.content) FILTER (WHERE m.side = 'a') AS a,
                         max(m.content) FILTER (WHERE m.side = 'b') AS b,
                         max(m.num_tokens) FILTER (WHERE m.side IS NULL) AS ut,
                         max(m.num_tokens) FILTER (WHERE m.side = 'a') AS at,
                         max(m.num_tokens) FILTER (WHERE m.side = 'b') AS bt
                  FROM (SELECT DISTINCT ON (turn, side) turn, side, content, num_tokens FROM messages
                        WHERE battle_id = jv.battle_id ORDER BY turn, side, attempt DESC) m
                  GROUP BY m.turn) t) AS turns
    FROM judge_votes jv
    JOIN judge_run_battles rb ON rb.run_id = jv.run_id AND rb.battle_id = jv.battle_id
    JOIN battles b ON b.id = jv.battle_id
    JOIN models ma ON ma.id = b.model_a_id
    JOIN models mb ON mb.id = b.model_b_id
    WHERE jv.run_id = ${runId}::uuid
    ORDER BY rb.position, jv."order"`;
  return rows.map((r) => ({
    battleId: r.battle_id,
    battleNumber: Number(r.number),
    mode: r.mode,
    categoryTags: r.category_tags,
    modelA: r.model_a,
    modelB: r.model_b,
    order: r.order,
    verdict: r.verdict,
    templateVersion: r.template_version,
    votedAt: r.created_at,
    turns: r.turns ?? [],
  }));
}

/** The judge's own words for some battles of a run, by battle and order. */
export async function listJudgeRawOutputs({
  runId,
  battleIds,
}: {
  runId: string;
  battleIds: string[];
}): Promise<Record<string, Partial<Record<JudgeOrder, string>>>> {
  if (battleIds.length === 0) return {};
  const rows = await db.$queryRaw<{ battle_id: string; order: JudgeOrder; raw_output: string }[]>`
    SELECT battle_id::text, "order", raw_output FROM judge_votes
    WHERE run_id = ${runId}::uuid AND battle_id = ANY(${battleIds}::uuid[])`;
  const out: Record<string, Partial<Record<JudgeOrder, string>>> = {};
  for (const r of rows) out[r.battle_id] = { ...out[r.battle_id], [r.order]: r.raw_output };
  return out;
}
