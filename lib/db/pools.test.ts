import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { DEFAULT_FILTERS } from "@/lib/export/types";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { db } from "./client";
import { EXPORT_STATEMENT_TIMEOUT_MS, streamVotesForExport } from "./export";
import { getExportStats } from "./export-stats";
import { sidePool } from "./pools";
import { recordVote } from "./votes";

// Exports and counts must never starve votes: counts run on their own small pool under a
// statement_timeout, exports on their own connections (at most a few) under one too.

async function seedVotes(n: number) {
  await seedSmallCorpus({ prompts: 4 });
  for (let i = 0; i < n; i++) {
    const voterId = newVoterId();
    const battle = (await dealCorpusBattle({ voterId }))!;
    await recordVote({ battleId: battle.id, voterId, choice: i % 2 ? "left" : "right" });
  }
}

describe("side pools", () => {
  beforeEach(resetDb);

  it("counts for /data and dataset cards answer while every connection votes use is busy", async () => {
    await seedVotes(3);
    // Every connection of the app's main pool (10) is taken by slow queries…
    const hogs = Array.from({ length: 10 }, () => db.$queryRaw`SELECT pg_sleep(3)::text`.then(() => {}));
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    const stats = await getExportStats({ filters: DEFAULT_FILTERS });
    // …and the counts do not wait for them: they are on the "reads" pool.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(stats.groups.reduce((n, g) => n + g.votes, 0)).toBe(3);
    await Promise.all(hogs);
  });

  it("the reads pool has a statement_timeout, and it cancels a runaway count", async () => {
    const reads = sidePool("reads");
    expect((await reads.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("30s");
    const client = await reads.connect();
    try {
      await client.query("SET statement_timeout = 100");
      await expect(client.query("SELECT pg_sleep(2)")).rejects.toThrow(/statement timeout/);
    } finally {
      client.release(true);
    }
  });

  it("an export's query ends at its statement_timeout however slowly it is read", async () => {
    expect(EXPORT_STATEMENT_TIMEOUT_MS).toBeGreaterThan(0);
    await seedVotes(3);
    // A query that outlives the timeout: the votes table locked by another transaction.
    const blocker = await sidePool("limits").connect();
    await blocker.query("BEGIN; LOCK TABLE votes IN ACCESS EXCLUSIVE MODE");
    try {
      const it = streamVotesForExport({ filters: DEFAULT_FILTERS, salt: "s", statementTimeoutMs: 300 });
      await expect(it.next()).rejects.toThrow(/statement timeout/);
    } finally {
      await blocker.query("ROLLBACK");
      blocker.release();
    }
  });
});
