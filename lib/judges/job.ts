import { randomUUID } from "node:crypto";
import {
  type ClaimedRun,
  claimJudgeRun,
  getJudgeTemplate,
  releaseJudgeRun,
  renewJudgeLease,
} from "@/lib/db/judge-runs";
import {
  addJudgeTokenUsage,
  getJudgeRunSpend,
  isModelOverDailyBudget,
  type JudgeTask,
  nextJudgeTasks,
  saveJudgeVote,
} from "@/lib/db/judge-votes";
import type { ProviderModelConfig } from "@/lib/providers/config";
import { streamChat } from "@/lib/providers/stream-chat";
import type { StreamUsage } from "@/lib/providers/types";
import type { JudgeRunLimits } from "./schemas";
import { type JudgeTemplateText, renderJudgePrompt } from "./template";
import { parseVerdict, toBattleVerdict } from "./verdict";

// The judge job: one worker per run at a time, holding the run's lease in Postgres.
// It asks the judge about every sampled battle in both orders, stores each verdict as
// it comes (so a run stopped anywhere resumes where it was, on any instance), renews
// its lease between and during calls (a cancel is seen at the next renewal and aborts
// the call in flight), and pauses on the run's or the model's token budget and on a
// provider that keeps failing.

export type WorkerOutcome = "done" | "paused" | "failed" | "cancelled" | "busy";

export interface JudgeWorkerOptions {
  runId: string;
  workerId?: string;
  leaseMs?: number;
  /** Calls retried after a retryable provider error before the run pauses. */
  retries?: number;
  signal?: AbortSignal;
  log?: (message: string) => void;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const DEFAULT_MAX_OUTPUT = 1024;
const BATCH = 16;
const DEFAULT_CONCURRENCY = 4;

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

class Stop extends Error {
  constructor(
    readonly outcome: "paused" | "failed" | "cancelled",
    message: string,
  ) {
    super(message);
  }
}

interface Answer {
  text: string;
  usage?: StreamUsage;
  latencyMs: number;
}

async function ask(
  provider: ProviderModelConfig,
  template: JudgeTemplateText,
  task: JudgeTask,
  limits: JudgeRunLimits,
  signal: AbortSignal,
): Promise<Answer | { error: string; retryable: boolean }> {
  // Temperature 0: a judge asked twice about the same order should say the same thing,
  // so what differs between the two orders is the order.
  const model = {
    ...provider,
    systemPrompt: template.systemPrompt || undefined,
    temperature: 0,
    maxTokens: limits.maxOutputTokens ?? DEFAULT_MAX_OUTPUT,
  } as ProviderModelConfig;
  const content = renderJudgePrompt(template.userTemplate, task.turns, task.order === "ab" ? "a" : "b");
  let text = "";
  for await (const event of streamChat({ model, messages: [{ role: "user", content }], signal })) {
    if (event.type === "delta") text += event.text;
    else if (event.type === "error") return { error: event.message, retryable: event.retryable };
    else return { text, usage: event.usage, latencyMs: event.latencyMs };
  }
  return { error: "The judge's stream ended without an answer.", retryable: true };
}

function cost(limits: JudgeRunLimits, usage: StreamUsage | undefined): number | null {
  if (limits.priceInPerMTok === undefined && limits.priceOutPerMTok === undefined) return null;
  return (
    ((usage?.inputTokens ?? 0) * (limits.priceInPerMTok ?? 0) +
      (usage?.outputTokens ?? 0) * (limits.priceOutPerMTok ?? 0)) /
    1e6
  );
}

async function checkBudgets(run: ClaimedRun): Promise<void> {
  if (await isModelOverDailyBudget({ modelId: run.judge.id })) {
    throw new Stop("paused", `${run.judge.slug} has used today's token budget; resume after midnight UTC.`);
  }
  if (run.limits.maxTokens !== undefined) {
    const spent = await getJudgeRunSpend({ runId: run.id });
    if (spent.tokens >= run.limits.maxTokens) {
      throw new Stop("paused", `The run used its token budget (${spent.tokens} of ${run.limits.maxTokens}).`);
    }
  }
}

async function work(
  run: ClaimedRun,
  opts: Required<Omit<JudgeWorkerOptions, "signal">>,
  signal: AbortSignal,
) {
  const template = await getJudgeTemplate({ id: run.templateId });
  if (!template) throw new Stop("failed", "The run's template is gone.");
  const spacing = run.limits.requestsPerMinute ? 60_000 / run.limits.requestsPerMinute : 0;
  // Calls start at least `spacing` apart, whichever of the concurrent tasks makes them.
  let nextSlot = 0;
  const takeSlot = () => {
    const at = Math.max(Date.now(), nextSlot);
    nextSlot = at + spacing;
    return at - Date.now();
  };

  const judgeOne = async (task: JudgeTask) => {
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw new Stop("cancelled", "stopped");
      // Checked before every call: with N calls in flight a budget is overshot by at most N − 1.
      await checkBudgets(run);
      const wait = takeSlot();
      if (wait > 0) await opts.sleep(wait, signal);
      if (signal.aborted) throw new Stop("cancelled", "stopped");
      const answer = await ask(run.judge.provider, template, task, run.limits, signal);
      if (signal.aborted) throw new Stop("cancelled", "stopped");
      if ("error" in answer) {
        if (!answer.retryable) throw new Stop("failed", `The judge cannot be called: ${answer.error}`);
        if (attempt >= opts.retries) throw new Stop("paused", `The judge keeps failing: ${answer.error}`);
        opts.log(`battle ${task.battleId} (${task.order}): ${answer.error}; retrying`);
        await opts.sleep(Math.min(30_000, 1000 * 2 ** attempt), signal);
        continue;
      }
      const position = parseVerdict(answer.text);
      await saveJudgeVote({
        runId: run.id,
        battleId: task.battleId,
        templateId: template.id,
        order: task.order,
        rawOutput: answer.text,
        verdict: toBattleVerdict(position, task.order),
        positionVerdict: position,
        inputTokens: answer.usage?.inputTokens ?? null,
        outputTokens: answer.usage?.outputTokens ?? null,
        costUsd: cost(run.limits, answer.usage),
        latencyMs: Math.round(answer.latencyMs),
      });
      await addJudgeTokenUsage({
        modelId: run.judge.id,
        tokens: (answer.usage?.inputTokens ?? 0) + (answer.usage?.outputTokens ?? 0),
      });
      return;
    }
  };

  const concurrency = run.limits.concurrency ?? DEFAULT_CONCURRENCY;
  for (;;) {
    const tasks = await nextJudgeTasks({ runId: run.id, limit: BATCH });
    if (tasks.length === 0) return;
    let next = 0;
    const lanes = Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
      while (next < tasks.length) await judgeOne(tasks[next++]);
    });
    // Every lane settles before the batch ends, so no call outlives the worker's turn.
    const settled = await Promise.allSettled(lanes);
    const failed = settled.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
}

/**
 * Works on a run until it is done, paused, failed or cancelled; "busy" when another
 * live worker holds it (or it is not runnable). Never throws for a run's own trouble:
 * that is recorded on the run.
 */
export async function runJudgeWorker(options: JudgeWorkerOptions): Promise<WorkerOutcome> {
  const opts = {
    workerId: options.workerId ?? randomUUID(),
    leaseMs: options.leaseMs ?? 30_000,
    retries: options.retries ?? 3,
    log: options.log ?? (() => {}),
    sleep: options.sleep ?? defaultSleep,
    runId: options.runId,
  };
  const run = await claimJudgeRun({ runId: opts.runId, workerId: opts.workerId, leaseMs: opts.leaseMs });
  if (!run) return "busy";
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  // Renewal doubles as the cancel check: a lost lease aborts the call in flight.
  let lost = false;
  const heartbeat = setInterval(
    () => {
      renewJudgeLease({ runId: run.id, workerId: opts.workerId, leaseMs: opts.leaseMs })
        .then((ok) => {
          if (!ok) {
            lost = true;
            stop.abort();
          }
        })
        .catch((error) => opts.log(`lease renewal failed: ${(error as Error).message}`));
    },
    Math.max(200, Math.floor(opts.leaseMs / 3)),
  );
  try {
    await work(run, opts, stop.signal);
    await releaseJudgeRun({ runId: run.id, workerId: opts.workerId, status: "done" });
    return "done";
  } catch (error) {
    if (lost) return "cancelled";
    if (error instanceof Stop && error.outcome === "cancelled") {
      // Our own signal (process shutting down): leave the run to be resumed.
      await releaseJudgeRun({
        runId: run.id,
        workerId: opts.workerId,
        status: "paused",
        reason: "The worker stopped.",
      });
      return "paused";
    }
    const outcome = error instanceof Stop && error.outcome === "paused" ? "paused" : "failed";
    const reason = error instanceof Error ? error.message : String(error);
    opts.log(`run ${run.id}: ${outcome}: ${reason}`);
    await releaseJudgeRun({ runId: run.id, workerId: opts.workerId, status: outcome, reason });
    return outcome;
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener("abort", onAbort);
  }
}
