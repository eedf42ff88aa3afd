import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeLlmServer, startFakeLlmServer } from "@/e2e/fake-llm-server";
import { db } from "@/lib/db/client";
import { streamVotesForExport } from "@/lib/db/export";
import { getExportStats } from "@/lib/db/export-stats";
import { createJudgeRun, findJudgeTemplate } from "@/lib/db/judge-runs";
import { FORMATS } from "@/lib/export/formats";
import { exportStream } from "@/lib/export/stream";
import { DEFAULT_FILTERS, type ExportFormatId } from "@/lib/export/types";
import { recomputeLeaderboards } from "@/lib/leaderboard/recompute";
import { fingerprintDb, resetDb } from "@/lib/testing/db";
import { seedJudgeArena } from "@/lib/testing/judge-arena";
import { runJudgeWorker } from "./job";
import { DEFAULT_TEMPLATE_NAME } from "./template";

// Judge verdicts must never reach a human leaderboard or a human dump. A judge that
// disagrees with the humans on every battle (always "A", both orders) runs over every
// voted battle; the human tables, the recomputed boards and every dump in every format
// stay exactly as they were.

let llm: FakeLlmServer;
beforeAll(async () => {
  llm = await startFakeLlmServer();
});
afterAll(() => llm.close());
beforeEach(resetDb);

async function humanSide() {
  await recomputeLeaderboards({ ci: "bootstrap", rounds: 20, seed: 0 });
  const snapshots = await db.leaderboardSnapshot.findMany({
    select: { category: true, kind: true, voteSetHash: true, numVotes: true, result: true },
    orderBy: [{ category: "asc" }, { kind: "asc" }, { createdAt: "desc" }],
    distinct: ["category", "kind"],
  });
  const boards = snapshots.map((s) => ({ ...s, result: (s.result as { rows: unknown }).rows }));
  const dumps: Record<string, string> = {};
  for (const format of Object.keys(FORMATS) as ExportFormatId[]) {
    for (const includeExcluded of [false, true]) {
      const filters = { ...DEFAULT_FILTERS, includeExcluded };
      dumps[`${format}:${includeExcluded}`] = await new Response(
        exportStream(
          streamVotesForExport({ filters, salt: "s", convMetadata: true, sessions: true }),
          FORMATS[format],
          { includeExcluded },
        ),
      ).text();
    }
  }
  const stats = await getExportStats({ filters: DEFAULT_FILTERS });
  const humanTables = (await fingerprintDb())
    .split("\n")
    .filter((l) => /^(votes|vote_aggregates|vote_exclusion_counts|battles|messages):/.test(l));
  return { boards, dumps, stats, humanTables };
}

describe("judge votes stay out of everything human", () => {
  it("no judge verdict appears in a human leaderboard, a human dump, the dump counts or the vote tables", async () => {
    const arena = await seedJudgeArena((q, p) => db.$executeRawUnsafe(q, ...p), {
      prefix: "iso",
      battles: 30,
      llmUrl: llm.url,
    });
    const before = await humanSide();
    expect(before.boards.length).toBeGreaterThan(0);
    expect(before.dumps["fastchat:false"]).toContain("iso-m0");

    const template = await findJudgeTemplate({ name: DEFAULT_TEMPLATE_NAME });
    const run = await createJudgeRun({
      judgeSlug: arena.judges.first,
      templateId: template!.id,
      sample: { size: 30, seed: 0 },
      limits: {},
      createdBy: "test",
    });
    expect(await runJudgeWorker({ runId: run.id, sleep: async () => {} })).toBe("done");
    expect(await db.judgeVote.count()).toBe(60);

    const after = await humanSide();
    expect(after.humanTables).toEqual(before.humanTables);
    expect(after.boards).toEqual(before.boards);
    expect(after.stats).toEqual(before.stats);
    for (const key of Object.keys(before.dumps)) expect(after.dumps[key], key).toBe(before.dumps[key]);
    // The judge model never appears as a voter, a judge column or a model in a human dump.
    for (const dump of Object.values(after.dumps)) expect(dump).not.toContain(arena.judges.first);
  });
});
