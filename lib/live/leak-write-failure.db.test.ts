import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeLlmServer, startFakeLlmServer } from "@/e2e/fake-llm-server";
import { db } from "@/lib/db/client";
import { recordVote } from "@/lib/db/votes";
import { battleRow, named, resetLiveModels, streamTurn } from "@/lib/testing/live-battle";

// A leak finding that cannot be stored must not leave the battle votable (its vote would
// count publicly although a model revealed itself). The write fails for real: a trigger
// refuses any change of leak_flags.

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(() => fake.close());

describe("leak flags that cannot be written", () => {
  beforeEach(async () => {
    await resetLiveModels(fake);
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION test_refuse_leak_flags() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'leak flags unavailable'; END $$`);
    await db.$executeRawUnsafe(`
      CREATE TRIGGER test_refuse_leak_flags BEFORE UPDATE OF leak_flags ON battles
      FOR EACH ROW EXECUTE FUNCTION test_refuse_leak_flags()`);
  });
  afterEach(async () => {
    await db.$executeRawUnsafe("DROP TRIGGER IF EXISTS test_refuse_leak_flags ON battles");
    await db.$executeRawUnsafe("DROP FUNCTION IF EXISTS test_refuse_leak_flags()");
  });

  it("make the battle errored and unvotable, not counted", async () => {
    const { voterId, battle } = await named("leak-a", "fast-b");
    const events = await streamTurn(battle.id, voterId, 0);
    expect(events.some((e) => e.type === "leak")).toBe(true);
    expect(events.at(-1)).toEqual({ type: "end", status: "errored" });
    const row = await battleRow(battle.id);
    expect(row.status).toBe("errored");
    expect(row.errorReason).toMatch(/identity leak was found but could not be recorded/);
    await expect(recordVote({ battleId: battle.id, voterId, choice: "left" })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await db.vote.count()).toBe(0);
  });
});
