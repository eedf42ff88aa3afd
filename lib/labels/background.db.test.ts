import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeLlmServer, startFakeLlmServer } from "@/e2e/fake-llm-server";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { db } from "@/lib/db/client";
import { recordVote } from "@/lib/db/votes";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { type LabelJobStatus, labelJobStatus, startLabelJob, waitForLabelJob } from "./background";
import { runLabelJob } from "./job";

// The console's background run (app/admin/labels): the same job as the CLI, against the
// scripted labeller, with the progress the console polls.

let llm: FakeLlmServer;
beforeAll(async () => {
  llm = await startFakeLlmServer();
});
afterAll(() => llm.close());
beforeEach(resetDb);

async function votedBattle(prompt: string) {
  const voterId = newVoterId();
  const battle = await dealCorpusBattle({ voterId });
  if (!battle) throw new Error("expected a battle");
  await db.message.updateMany({
    where: { battleId: battle.id, turn: 0, side: null },
    data: { content: prompt },
  });
  await recordVote({ battleId: battle.id, voterId, choice: "left" });
}

describe("the console's background labelling run", () => {
  it("runs once at a time, reports progress per prompt, and ends with the CLI's result", async () => {
    await seedSmallCorpus({ models: 3 });
    await votedBattle("hard: solve this in a poem, in a strict format");
    await votedBattle("hello there");
    await votedBattle("garbled on purpose");

    const seen: LabelJobStatus["progress"][] = [];
    const labeller = {
      slug: "judge-console",
      provider: { kind: "openai_compatible" as const, baseURL: llm.url, model: "labeller-console" },
    };
    // The job as the console runs it, watched after every prompt.
    const started = await startLabelJob({ labeller, limit: 10 }, (input) =>
      runLabelJob({
        ...input,
        onProgress: (p) => {
          input.onProgress?.(p);
          seen.push({ ...p });
        },
      }),
    );
    expect(started).toBe(true);
    expect(await labelJobStatus()).toMatchObject({ state: "running", labeller: "judge-console" });
    // A second start while it runs is refused (the running row is shared by every instance).
    expect(await startLabelJob({ labeller })).toBe(false);
    await waitForLabelJob();

    expect(seen.map((p) => p.promptsDone)).toEqual([0, 1, 2, 3]);
    expect(seen.every((p) => p.prompts === 3)).toBe(true);
    const status = await labelJobStatus();
    expect(status).toMatchObject({
      state: "done",
      progress: { prompts: 3, promptsDone: 3, labels: 12, failures: 0 },
      error: null,
    });
    expect(status.battlesTagged).toBeGreaterThan(0);
    expect(status.finishedAt).not.toBeNull();
    expect(await db.promptLabel.count({ where: { labeller: "judge-console" } })).toBe(12);
    const hard = await db.battle.findMany({ where: { categoryTags: { has: "hard_prompt" } } });
    expect(hard).toHaveLength(1);

    // After it ends a new run may start; with nothing left to label it asks nothing.
    const asked = llm.requests.length;
    expect(await startLabelJob({ labeller })).toBe(true);
    await waitForLabelJob();
    expect(await labelJobStatus()).toMatchObject({ state: "done", progress: { prompts: 0, labels: 0 } });
    expect(llm.requests.length).toBe(asked);
  });

  it("reports a failed run with its reason", async () => {
    expect(
      await startLabelJob({ labeller: { slug: "x", provider: { kind: "corpus" } } }, async () => {
        throw new Error("provider went away");
      }),
    ).toBe(true);
    await waitForLabelJob();
    expect(await labelJobStatus()).toMatchObject({ state: "failed", error: "provider went away" });
  });

  it("takes over from a run whose instance stopped sending heartbeats", async () => {
    const stale = await db.labelJob.create({
      data: { state: "running", labeller: "gone", heartbeatAt: new Date(Date.now() - 11 * 60_000) },
    });
    const fresh = await db.labelJob.create({ data: { state: "done", labeller: "old" } });
    expect(fresh.state).toBe("done");
    expect(
      await startLabelJob({ labeller: { slug: "y", provider: { kind: "corpus" } } }, async () => ({
        prompts: 0,
        labels: 0,
        failures: 0,
        battlesTagged: 0,
      })),
    ).toBe(true);
    await waitForLabelJob();
    expect(await db.labelJob.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      state: "failed",
      error: "The server running it stopped.",
    });
    expect(await labelJobStatus()).toMatchObject({ state: "done", labeller: "y" });
  });
});
