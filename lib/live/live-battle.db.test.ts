import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeLlmServer, startFakeLlmServer } from "@/e2e/fake-llm-server";
import { db } from "@/lib/db/client";
import { syncModels } from "@/lib/db/models";
import { recordVote } from "@/lib/db/votes";
import { newVoterId } from "@/lib/testing/fixtures";
import { scriptedModels, textOf } from "@/lib/testing/live";
import { battleRow, named, resetLiveModels, streamTurn } from "@/lib/testing/live-battle";
import { stopLocalStream } from "./registry";
import { continueLiveBattle, startLiveBattle } from "./start";

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(() => fake.close());

describe("live battles against the scripted server", () => {
  beforeEach(() => resetLiveModels(fake));

  it("draws an anonymous pair with the sampler, streams both sides and stores the answers", async () => {
    await syncModels({ models: scriptedModels(fake.url, ["fast-a", "fast-b"]) });
    const voterId = newVoterId();
    const res = await startLiveBattle({
      voterId,
      input: { prompt: "Explain recursion briefly.", mode: "anonymous" },
      sampler: "active",
    });
    if (res.status !== "ok") throw new Error(res.status);
    expect(res.battle.named).toBeNull();
    const events = await streamTurn(res.battle.id, voterId, 0);
    // Nothing on the wire names a model.
    expect(JSON.stringify(events)).not.toMatch(/fast-|Scripted|Acme/);
    expect(events.at(-1)).toEqual({ type: "end", status: "ready" });
    expect(textOf(events, "left")).toMatch(/^Turn 1 \(variant/);
    const row = await battleRow(res.battle.id);
    expect(row).toMatchObject({
      mode: "anonymous",
      status: "ready",
      samplerName: "active",
      samplerVersion: "3",
    });
    expect(row.pairProbability).toBeCloseTo(1, 12);
    const answers = row.messages.filter((m) => m.side !== null);
    expect(answers).toHaveLength(2);
    for (const m of answers) {
      expect(m.content).toMatch(/deterministic scripted answer/);
      expect(m.finishReason).toBe("stop");
      expect(m.tokens).toBeGreaterThan(0);
      expect(m.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(textOf(events, "left")).toBe(answers.find((m) => m.side === row.shownLeft)?.content);
  });

  it("records the weighted sampler's pair probability and refuses with fewer than two drawable models", async () => {
    const voterId = newVoterId();
    const res = await startLiveBattle({
      voterId,
      input: { prompt: "hi there", mode: "anonymous" },
      sampler: "weighted",
    });
    if (res.status !== "ok") throw new Error(res.status);
    const row = await battleRow(res.battle.id);
    expect(row.samplerName).toBe("weighted");
    expect(row.pairProbability).toBe(1); // fast-a and slow-a are the only models with weight > 0
    await db.model.updateMany({ where: { slug: "slow-a" }, data: { samplingWeight: 0 } });
    expect(
      (await startLiveBattle({ voterId, input: { prompt: "hi", mode: "anonymous" }, sampler: "active" }))
        .status,
    ).toBe("unavailable");
  });

  it("runs three turns with the full history, tags multi_turn, and a named vote does not count", async () => {
    const { voterId, battle } = await named("fast-a", "fast-b", "First question");
    expect(battle.named?.left.slug).toBe("fast-a");
    await streamTurn(battle.id, voterId, 0);
    await expect(continueLiveBattle({ battleId: battle.id, voterId, prompt: "Second" })).resolves.toEqual({
      turn: 1,
      leak: false,
    });
    await streamTurn(battle.id, voterId, 1);
    await continueLiveBattle({ battleId: battle.id, voterId, prompt: "Third" });
    const third = await streamTurn(battle.id, voterId, 2);
    expect(textOf(third, "left")).toMatch(/^Turn 3 .*you said "Third"/);
    const sent = fake.requests.filter((r) => r.model === "fast-b" && r.messages.length === 5);
    expect(sent).toHaveLength(1);
    expect(sent[0].messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(sent[0].messages[1].content).toMatch(/^Turn 1/);
    const row = await battleRow(battle.id);
    expect(row.categoryTags).toContain("multi_turn");
    expect(row.samplerName).toBe("named");
    const vote = await recordVote({ battleId: battle.id, voterId, choice: "left" });
    expect(vote.reveal.countsForPublic).toBe(false);
    expect(vote.reveal.exclusionReason).toMatch(/named/);
  });

  it("Stop cancels one side upstream, keeps its partial text, and the battle can be voted on", async () => {
    const { voterId, battle } = await named("slow-a", "fast-a");
    let stopped = false;
    const events = await streamTurn(battle.id, voterId, 0, {
      onEvent: (e) => {
        if (!stopped && e.type === "delta" && e.side === "left" && e.text.startsWith("word3")) {
          stopped = true;
          expect(stopLocalStream(battle.id, "left", newVoterId())).toBe(false); // not this voter's stream
          expect(stopLocalStream(battle.id, "left", voterId)).toBe(true);
        }
      },
    });
    expect(events).toContainEqual({ type: "stopped", side: "left", reason: "voter" });
    expect(events.at(-1)).toEqual({ type: "end", status: "ready" });
    const upstream = await fake.waitFor((r) => r.model === "slow-a" && r.closedAt !== null);
    expect(upstream.clientAborted).toBe(true);
    const slow = (await battleRow(battle.id)).messages.find((m) => m.side === "a")!;
    expect(slow.finishReason).toBe("stopped");
    expect(slow.content).toMatch(/^word1 word2 word3/);
    expect(slow.content).not.toContain("word50");
    expect((await recordVote({ battleId: battle.id, voterId, choice: "right" })).status).toBe("ok");
  });

  it("a closed connection aborts both upstream requests and stores what was said", async () => {
    const { voterId, battle } = await named("slow-a", "hang-a");
    const disconnect = new AbortController();
    const events = await streamTurn(battle.id, voterId, 0, {
      signal: disconnect.signal,
      onEvent: (e) => {
        if (e.type === "delta") disconnect.abort();
      },
    });
    expect(events.filter((e) => e.type === "stopped")).toHaveLength(2);
    for (const model of ["slow-a", "hang-a"]) {
      expect((await fake.waitFor((r) => r.model === model && r.closedAt !== null)).clientAborted).toBe(true);
    }
    const row = await battleRow(battle.id);
    expect(row.messages.filter((m) => m.finishReason === "disconnected")).toHaveLength(2);
  });

  it("flags a leaking answer while it streams and the anonymous vote is excluded", async () => {
    await db.model.updateMany({ data: { samplingWeight: 0 } });
    await db.model.updateMany({ where: { slug: { in: ["leak-a", "fast-b"] } }, data: { samplingWeight: 1 } });
    const voterId = newVoterId();
    const res = await startLiveBattle({
      voterId,
      input: { prompt: "Hello!", mode: "anonymous" },
      sampler: "weighted",
    });
    if (res.status !== "ok") throw new Error(res.status);
    const events = await streamTurn(res.battle.id, voterId, 0);
    const leak = events.findIndex((e) => e.type === "leak");
    const done = events.findIndex((e) => e.type === "done" || e.type === "end");
    expect(leak).toBeGreaterThanOrEqual(0);
    expect(leak).toBeLessThan(events.findLastIndex((e) => e.type === "end"));
    expect(done).toBeGreaterThan(-1);
    expect(JSON.stringify(events.filter((e) => e.type === "leak"))).not.toMatch(/Claude|Anthropic/);
    const row = await battleRow(res.battle.id);
    expect(row.leakFlags).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: "self_identification" })]),
    );
    const vote = await recordVote({ battleId: res.battle.id, voterId, choice: "tie" });
    expect(vote.reveal).toMatchObject({ countsForPublic: false });
    expect(vote.reveal.exclusionReason).toMatch(/identity/);
  });

  it("flags an identity probe in the prompt before anything streams", async () => {
    const { battle } = await named("fast-a", "fast-b", "Who made you? What is your name?");
    expect(battle.leak).toBe(true);
  });

  it("regenerates before the vote as new attempts, and after the vote as a linked battle", async () => {
    const { voterId, battle } = await named("fast-a", "fast-b");
    await streamTurn(battle.id, voterId, 0);
    const again = await streamTurn(battle.id, voterId, 0, { regenerate: true });
    expect(again.filter((e) => e.type === "start").map((e) => (e as { attempt: number }).attempt)).toEqual([
      1, 1,
    ]);
    expect((await battleRow(battle.id)).messages.filter((m) => m.side !== null)).toHaveLength(4);
    await recordVote({ battleId: battle.id, voterId, choice: "left" });
    const { createRegeneratedBattle } = await import("@/lib/db/live-turns");
    const child = await createRegeneratedBattle({ battleId: battle.id, voterId });
    await streamTurn(child.id, voterId, child.turn);
    const row = await battleRow(child.id);
    expect(row).toMatchObject({ parentBattleId: battle.id, samplerName: "regenerate", pairProbability: 1 });
    expect(row.status).toBe("ready");
  });

  it("closes an answer left streaming by a dead process as interrupted and answers again", async () => {
    const { voterId, battle } = await named("fast-a", "fast-b");
    await db.message.create({
      data: { battleId: battle.id, side: "a", turn: 0, attempt: 0, role: "assistant", content: "half" },
    });
    const events = await streamTurn(battle.id, voterId, 0);
    expect(events.at(-1)).toEqual({ type: "end", status: "ready" });
    const a = (await battleRow(battle.id)).messages.filter((m) => m.side === "a");
    expect(a.map((m) => [m.attempt, m.finishReason])).toEqual(
      expect.arrayContaining([
        [0, "error"],
        [1, "stop"],
      ]),
    );
  });
});
