import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeLlmServer, startFakeLlmServer } from "@/e2e/fake-llm-server";
import { recordVote } from "@/lib/db/votes";
import { newVoterId } from "@/lib/testing/fixtures";
import { battleRow, named, resetLiveModels, streamTurn } from "@/lib/testing/live-battle";
import { stopLocalStream } from "./registry";
import { continueLiveBattle } from "./start";

// Every provider failure lands on its own side: the other side still answers, the
// battle is errored (so it cannot be voted on or rated), and Retry is a new attempt.

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(() => fake.close());

describe("live battle failures against the scripted server", () => {
  beforeEach(() => resetLiveModels(fake));

  it.each([
    ["error500-a", "http"],
    ["ratelimit-a", "rate_limited"],
    ["stall-a", "timeout"],
    ["hang-a", "timeout"],
    ["garbage-a", "malformed"],
    ["empty-a", "empty"],
  ])(
    "%s fails on its side only: battle errored, vote refused, Retry makes a new attempt",
    async (model, kind) => {
      const { voterId, battle } = await named(model, "fast-a");
      const events = await streamTurn(battle.id, voterId, 0);
      const error = events.find((e) => e.type === "error");
      expect(error).toMatchObject({ side: "left", kind, retryable: true });
      expect(events.some((e) => e.type === "done" && e.side === "right")).toBe(true);
      expect(events.at(-1)).toEqual({ type: "end", status: "errored" });
      const row = await battleRow(battle.id);
      expect(row.status).toBe("errored");
      expect(row.errorReason).toMatch(new RegExp(`^a: ${kind}: `));
      await expect(recordVote({ battleId: battle.id, voterId, choice: "left" })).rejects.toThrow(
        /cannot be voted/,
      );
      // Retry: only the failed side runs again, as attempt 1; the right side is replayed.
      const retry = await streamTurn(battle.id, voterId, 0, { side: "left" });
      expect(retry.find((e) => e.type === "start")).toMatchObject({ side: "left", attempt: 1 });
      expect((await battleRow(battle.id)).messages.filter((m) => m.side === "a")).toHaveLength(2);
    },
  );

  it("refuses foreign voters, stale turns and a second stream of a running answer", async () => {
    const { voterId, battle } = await named("slow-a", "fast-a");
    await expect(streamTurn(battle.id, newVoterId(), 0)).rejects.toThrow(/another voter/);
    await expect(streamTurn(battle.id, voterId, 1)).rejects.toThrow(/Only turn 0/);
    const first = streamTurn(battle.id, voterId, 0, {
      onEvent: (e) => {
        if (e.type === "delta" && e.side === "left" && e.text.startsWith("word2"))
          stopLocalStream(battle.id, "left", voterId);
      },
    });
    await fake.waitFor((r) => r.model === "slow-a");
    await expect(streamTurn(battle.id, voterId, 0, { side: "left" })).rejects.toThrow(/already streaming/);
    await first;
    await expect(continueLiveBattle({ battleId: newVoterId(), voterId, prompt: "x" })).rejects.toThrow(
      /No battle/,
    );
  });
});
