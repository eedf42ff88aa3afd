import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeLlmServer, startFakeLlmServer } from "@/e2e/fake-llm-server";
import { db } from "@/lib/db/client";
import {
  cancelJudgeRun,
  claimJudgeRun,
  createJudgeRun,
  findJudgeTemplate,
  listJudgeTemplates,
  resumeJudgeRun,
  saveJudgeTemplateVersion,
} from "@/lib/db/judge-runs";
import { listJudgedBattles } from "@/lib/db/judge-votes";
import { resetDb } from "@/lib/testing/db";
import { type JudgeArena, seedJudgeArena } from "@/lib/testing/judge-arena";
import { judgeVotesDump } from "./export";
import { runJudgeWorker } from "./job";
import { getJudgeRunReport } from "./report";
import type { JudgeRunLimits } from "./schemas";
import { judgeRunResults } from "./stats";
import { DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_NAME } from "./template";

// The judge job against the scripted judges of e2e/fake-llm-server.ts, on battles whose
// human votes are known: the known answers hold end to end, through the database.

let llm: FakeLlmServer;
beforeAll(async () => {
  llm = await startFakeLlmServer();
});
afterAll(() => llm.close());
beforeEach(resetDb);

const sql = (q: string, params: unknown[]) => db.$executeRawUnsafe(q, ...params);
const noWait = async () => {};
const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function arena(battles: number, balanced = false): Promise<JudgeArena> {
  return seedJudgeArena(sql, { prefix: "t", battles, llmUrl: llm.url, balanced });
}

async function newRun(judge: string, size: number, limits: JudgeRunLimits = {}) {
  const template = await findJudgeTemplate({ name: DEFAULT_TEMPLATE_NAME });
  return createJudgeRun({
    judgeSlug: judge,
    templateId: template!.id,
    sample: { size, seed: 1 },
    limits,
    createdBy: "test",
  });
}

async function resultsOf(runId: string, family: string | null) {
  return judgeRunResults(await listJudgedBattles({ runId }), family, { rounds: 100 });
}

describe("the judge job (scripted judges)", () => {
  it('an always-"A" judge on balanced battles: both orders asked, position bias 100%, agreement 50%', async () => {
    const a = await arena(40, true);
    const run = await newRun(a.judges.first, 40);
    expect(run.totalBattles).toBe(40);
    expect(await runJudgeWorker({ runId: run.id, sleep: noWait })).toBe("done");
    const votes = await db.judgeVote.findMany({ where: { runId: run.id } });
    expect(votes).toHaveLength(80);
    expect(new Set(votes.map((v) => v.order))).toEqual(new Set(["ab", "ba"]));
    expect(votes.every((v) => v.positionVerdict === "first" && v.templateVersion === 1)).toBe(true);
    expect(votes.every((v) => v.rawOutput.includes("[[A]]") && v.outputTokens !== null)).toBe(true);
    const r = await resultsOf(run.id, "Umpire");
    expect(r.positionBias.flipRate.value).toBe(1);
    expect(r.positionBias.favoured).toBe("first");
    expect(r.agreement.rate.value).toBe(0.5);
    // The judge saw the answers swapped in the second order.
    const asked = llm.requests.filter((q) => q.model === "judge-first");
    expect(asked).toHaveLength(80);
    expect(asked.every((q) => q.temperature === 0 && q.system?.includes("impartial judge"))).toBe(true);
    const run2 = await db.judgeRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(run2.status).toBe("done");
    expect(run2.finishedAt).not.toBeNull();

    // The judge votes as a dump, in a human dump's format, marked as judge votes: model_a is
    // the answer shown first, so the always-"A" judge shows as model_a winning every row.
    const text = await new Response(await judgeVotesDump(run.id, "fastchat_jsonl", a.judges.first)).text();
    const rows = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(80);
    expect(rows.every((r) => r.winner === "model_a" && r.judge === `llm-judge:${a.judges.first}`)).toBe(true);
    expect(rows.every((r) => r.judge_source === "llm_judge" && r.judge_run_id === run.id)).toBe(true);
    expect(rows.filter((r) => r.judge_order === "ba")).toHaveLength(40);
    const ab = rows.find((r) => r.judge_order === "ab" && r.question_id === votes[0].battleId);
    const ba = rows.find((r) => r.judge_order === "ba" && r.question_id === votes[0].battleId);
    expect([ab.model_a, ab.model_b]).toEqual([ba.model_b, ba.model_a]);
    const csv = await new Response(await judgeVotesDump(run.id, "kaggle55k", a.judges.first)).text();
    expect(csv.trim().split("\n")).toHaveLength(81);
    const parquet = new Uint8Array(
      await new Response(await judgeVotesDump(run.id, "arena140k_parquet", a.judges.first)).arrayBuffer(),
    );
    expect(new TextDecoder().decode(parquet.slice(0, 4))).toBe("PAR1");
  });

  it("a judge that copies the human vote has κ = 1; a family judge shows its planted self-preference", async () => {
    const a = await arena(80);
    const copy = await newRun(a.judges.score, 80);
    expect(await runJudgeWorker({ runId: copy.id, sleep: noWait })).toBe("done");
    const rc = await resultsOf(copy.id, "Umpire");
    expect(rc.agreement.kappa.value).toBe(1);
    expect(rc.positionBias.flipRate.value).toBe(0);
    expect(rc.leaderboards.tau.value).toBe(1);

    const fam = await newRun(a.judges.acme, 80);
    expect(await runJudgeWorker({ runId: fam.id, sleep: noWait })).toBe("done");
    const rf = await resultsOf(fam.id, "Acme");
    expect(rf.selfPreference.family).toBe("acme");
    expect(rf.selfPreference.n).toBeGreaterThan(20);
    expect(rf.selfPreference.judgeOwnRate).toBe(1);
    expect(rf.selfPreference.delta.value).toBeCloseTo(1 - rf.selfPreference.humanOwnRate, 10);
    expect(rf.selfPreference.delta.ciLow).toBeGreaterThan(0);
    expect(rf.agreement.kappa.value).toBeLessThan(1);
    // The report carries the judge's own words on the battles it disagrees about most.
    const report = await getJudgeRunReport({ runId: fam.id });
    const first = report!.results!.disagreements[0];
    expect(report!.disagreementOutputs[first.battleId].ab).toMatch(/\[\[(A|B|TIE)\]\]/);
    expect(report!.disagreementOutputs[first.battleId].ba).toBeDefined();
  });

  it("an edited template is a new version; each verdict records the version it was asked with", async () => {
    const a = await arena(3);
    const v1 = await newRun(a.judges.score, 3);
    const saved = await saveJudgeTemplateVersion({
      name: DEFAULT_TEMPLATE_NAME,
      systemPrompt: `${DEFAULT_TEMPLATE.systemPrompt} Be brief.`,
      userTemplate: DEFAULT_TEMPLATE.userTemplate,
      createdBy: "test",
    });
    expect(saved.version).toBe(2);
    const [latest] = await listJudgeTemplates();
    expect(latest).toMatchObject({ name: DEFAULT_TEMPLATE_NAME, version: 2, versions: 2 });
    const v2 = await newRun(a.judges.score, 3);
    for (const run of [v1, v2]) expect(await runJudgeWorker({ runId: run.id, sleep: noWait })).toBe("done");
    const versions = async (runId: string) =>
      new Set((await db.judgeVote.findMany({ where: { runId } })).map((v) => v.templateVersion));
    expect(await versions(v1.id)).toEqual(new Set([1]));
    expect(await versions(v2.id)).toEqual(new Set([2]));
    expect(llm.requests.some((q) => q.system?.endsWith("Be brief."))).toBe(true);
  });

  it("unparseable answers are stored as such with the raw output", async () => {
    const a = await arena(5);
    const run = await newRun(a.judges.garbled, 5);
    expect(await runJudgeWorker({ runId: run.id, sleep: noWait })).toBe("done");
    const votes = await db.judgeVote.findMany({ where: { runId: run.id } });
    expect(votes).toHaveLength(10);
    expect(votes.every((v) => v.verdict === "unparseable" && v.rawOutput.includes("cannot decide"))).toBe(
      true,
    );
  });

  it("a run whose worker died is resumed by another worker once the lease expires, without asking twice", async () => {
    const a = await arena(10);
    const run = await newRun(a.judges.score, 10);
    // Worker "dead" takes the run and vanishes; its lease runs out.
    expect(await claimJudgeRun({ runId: run.id, workerId: "dead", leaseMs: 300 })).not.toBeNull();
    expect(await runJudgeWorker({ runId: run.id, workerId: "other", sleep: noWait })).toBe("busy");
    await new Promise((r) => setTimeout(r, 400));
    expect(await runJudgeWorker({ runId: run.id, workerId: "other", sleep: noWait })).toBe("done");
    expect(await db.judgeVote.count({ where: { runId: run.id } })).toBe(20);
  });

  it("cancel stops the worker within a lease renewal; resume finishes the rest", async () => {
    const a = await arena(30);
    const run = await newRun(a.judges.score, 30);
    // Every call waits 50 ms (the pace), so the run is still going when "another request" cancels it.
    const worker = runJudgeWorker({ runId: run.id, leaseMs: 600, sleep: (ms) => wait(Math.max(ms, 50)) });
    await expect
      .poll(async () => db.judgeVote.count({ where: { runId: run.id } }), { timeout: 20_000, interval: 20 })
      .toBeGreaterThan(0);
    expect(await cancelJudgeRun({ runId: run.id })).toBe(true);
    expect(await worker).toBe("cancelled");
    expect((await db.judgeRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("cancelled");
    const stopped = await db.judgeVote.count({ where: { runId: run.id } });
    expect(stopped).toBeLessThan(60);
    expect(await resumeJudgeRun({ runId: run.id })).toBe(true);
    expect(await runJudgeWorker({ runId: run.id, sleep: noWait })).toBe("done");
    expect(await db.judgeVote.count({ where: { runId: run.id } })).toBe(60);
  });

  it("pauses at the run's token budget and at the judge's daily budget", async () => {
    const a = await arena(10);
    const run = await newRun(a.judges.score, 10, { maxTokens: 50 });
    expect(await runJudgeWorker({ runId: run.id, sleep: noWait })).toBe("paused");
    const paused = await db.judgeRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(paused.pauseReason).toMatch(/token budget/);
    const n = await db.judgeVote.count({ where: { runId: run.id } });
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(20);

    await db.$executeRaw`UPDATE models SET provider_config = provider_config || '{"dailyTokenBudget": 1}'::jsonb
                         WHERE slug = ${a.judges.first}`;
    const daily = await newRun(a.judges.first, 10);
    expect(await runJudgeWorker({ runId: daily.id, sleep: noWait })).toBe("paused");
    expect((await db.judgeRun.findUniqueOrThrow({ where: { id: daily.id } })).pauseReason).toMatch(/today/);
    // The first calls spent the budget (4 are in flight at once); the arena's usage table counted them.
    const spentDaily = await db.judgeVote.count({ where: { runId: daily.id } });
    expect(spentDaily).toBeGreaterThanOrEqual(1);
    expect(spentDaily).toBeLessThanOrEqual(4);
  });

  it("a judge that keeps answering 429 is retried, then the run pauses; a misconfigured one fails", async () => {
    const a = await arena(3);
    await db.$executeRaw`UPDATE models SET provider_config = provider_config || '{"model": "ratelimit-x"}'::jsonb
                         WHERE slug = ${a.judges.first}`;
    const run = await newRun(a.judges.first, 3);
    const waits: number[] = [];
    const outcome = await runJudgeWorker({
      runId: run.id,
      retries: 2,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(outcome).toBe("paused");
    // Each of the 4 lanes retried twice with backoff before giving up.
    expect(waits.filter((w) => w === 1000).length).toBeGreaterThan(0);
    expect(waits.every((w) => w === 1000 || w === 2000)).toBe(true);
    expect((await db.judgeRun.findUniqueOrThrow({ where: { id: run.id } })).pauseReason).toMatch(
      /keeps failing/,
    );

    await db.$executeRaw`UPDATE models SET provider_config = provider_config || '{"apiKeyEnv": "NO_SUCH_KEY_SET"}'::jsonb
                         WHERE slug = ${a.judges.score}`;
    const bad = await newRun(a.judges.score, 3);
    expect(await runJudgeWorker({ runId: bad.id, sleep: noWait })).toBe("failed");
    expect((await db.judgeRun.findUniqueOrThrow({ where: { id: bad.id } })).error).toMatch(
      /cannot be called/,
    );
  });

  it("paces calls at the run's requests per minute", async () => {
    const a = await arena(2);
    const run = await newRun(a.judges.score, 2, { requestsPerMinute: 120 });
    llm.requests.splice(0);
    expect(await runJudgeWorker({ runId: run.id })).toBe("done");
    const starts = llm.requests.map((q) => q.startedAt).sort((x, y) => x - y);
    expect(starts).toHaveLength(4);
    // 120 a minute: 500 ms apart, measured on the server (request arrival jitters under load).
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(400);
  });
});
