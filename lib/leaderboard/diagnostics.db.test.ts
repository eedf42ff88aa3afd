import { pathToFileURL } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { setArenaCriteria } from "@/lib/db/arena-settings";
import { db } from "@/lib/db/client";
import { readCriterionVotes, readDiagnosticColumns } from "@/lib/db/diagnostics";
import { rateCriteria } from "@/lib/db/vote-criteria";
import { recordVote } from "@/lib/db/votes";
import { fromColumns } from "@/lib/ratings/diagnostics/columns";
import { ratingsWorkerUrl } from "@/lib/ratings/io/worker-url";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { readDiagnostics, refreshDiagnostics, setDiagnosticsWorker } from "./diagnostics-job";
import { REPORT_FEATURES } from "./diagnostics-report";

async function voteLeft(n: number, voterId = newVoterId()) {
  for (let i = 0; i < n; i++) {
    const battle = await dealCorpusBattle({ voterId });
    await recordVote({ battleId: battle!.id, voterId, choice: "left" });
  }
}

describe("leaderboard diagnostics job", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ models: 3 });
  });

  it("reads counted votes with their side, voter and covariates", async () => {
    await voteLeft(6);
    const excluded = await db.vote.findFirstOrThrow();
    await db.vote.update({
      where: { id: excluded.id },
      data: { countsForPublic: false, exclusionReason: "test" },
    });
    const features = [...REPORT_FEATURES.style, ...REPORT_FEATURES.traits];
    const votes = fromColumns(await readDiagnosticColumns({ category: "overall", features }));
    expect(votes).toHaveLength(5);
    for (const v of votes) {
      // The voter always clicked left: the winner is whichever model was shown there.
      expect(v.outcome).toBe(v.shownLeft === "a" ? "model_a" : "model_b");
      expect(v.features?.sum_assistant_tokens).toHaveLength(2);
      expect(v.features?.refusal).toHaveLength(2);
    }
    for (const v of votes) expect(v.at).toBeGreaterThan(Date.parse("2020-01-01"));
    for (const v of votes) expect(v.voterId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await readDiagnosticColumns({ category: "no-such-tag", features })).n).toBe(0);
  });

  it("computes in the background, stores, and says when the votes moved on", async () => {
    const first = await readDiagnostics("overall");
    expect(first.report).toBeNull();
    expect(first.stale).toBe(true);
    await refreshDiagnostics("overall"); // joins the refresh the read started
    await voteLeft(20);
    await refreshDiagnostics("overall");
    const view = await readDiagnostics("overall");
    expect(view.stale).toBe(false);
    expect(view.report?.numVotes).toBe(20);
    expect(view.report?.positionBias.overall.p).toBe(1);
    expect(view.report?.voterQuality[0].flags.join(" ")).toMatch(/left side/);
    await voteLeft(1);
    expect((await readDiagnostics("overall")).stale).toBe(true);
    await refreshDiagnostics("overall");
    expect((await readDiagnostics("overall")).report?.numVotes).toBe(21);
    expect(await db.leaderboardDiagnostics.count()).toBeLessThanOrEqual(3);
  });

  it("reads counted per-criterion answers, as stored sides, and reports each criterion's board or what it lacks", async () => {
    await setArenaCriteria({ arena: "corpus", enabled: true, actor: "test" });
    const voterId = newVoterId();
    for (let i = 0; i < 4; i++) {
      const battle = (await dealCorpusBattle({ voterId }))!;
      await recordVote({ battleId: battle.id, voterId, choice: "left" });
      await rateCriteria({ battleId: battle.id, voterId, answers: { style: "right", correctness: "tie" } });
    }
    const excluded = await db.vote.findFirstOrThrow();
    await db.vote.update({
      where: { id: excluded.id },
      data: { countsForPublic: false, exclusionReason: "test" },
    });
    const votes = await readCriterionVotes({ category: "overall" });
    expect(votes).toHaveLength(6);
    // "right" is a win for whichever model was not shown left, never a tie.
    expect(votes.filter((x) => x.criterion === "style").every((x) => x.outcome !== "tie")).toBe(true);
    expect(votes.filter((x) => x.criterion === "correctness").every((x) => x.outcome === "tie")).toBe(true);
    await refreshDiagnostics("overall");
    const report = (await readDiagnostics("overall")).report!;
    expect(report.criteria.map((c) => [c.criterion, c.status, c.numVotes])).toEqual([
      ["helpfulness", "needs_votes", 0],
      ["correctness", "needs_votes", 3],
      ["style", "needs_votes", 3],
    ]);
  });

  it("stores the same report, criterion boards and voter-quality rows when computed on the worker thread", async () => {
    await setArenaCriteria({ arena: "corpus", enabled: true, actor: "test" });
    const voterId = newVoterId();
    for (let i = 0; i < 4; i++) {
      const battle = (await dealCorpusBattle({ voterId }))!;
      await recordVote({ battleId: battle.id, voterId, choice: "left" });
      await rateCriteria({ battleId: battle.id, voterId, answers: { style: "right", correctness: "tie" } });
    }
    await voteLeft(20);
    await refreshDiagnostics("overall");
    const inline = (await readDiagnostics("overall")).report!;
    expect(inline.numVotes).toBe(24);
    expect(inline.voterQuality.length).toBeGreaterThan(0);
    try {
      // The worker is really asked: one that cannot start fails the refresh.
      setDiagnosticsWorker(pathToFileURL("/nonexistent/ratings-worker.mjs"), 0);
      await expect(refreshDiagnostics("overall")).rejects.toThrow();
      setDiagnosticsWorker(ratingsWorkerUrl(), 0);
      await refreshDiagnostics("overall");
    } finally {
      setDiagnosticsWorker(null);
    }
    const stored = await db.leaderboardDiagnostics.findMany({ select: { result: true } });
    expect(stored).toHaveLength(2);
    expect(stored[0].result).toEqual(stored[1].result);
    expect(stored[0].result).toEqual(JSON.parse(JSON.stringify(inline)));
    expect(inline.criteria.find((c) => c.criterion === "style")?.numVotes).toBe(4);
  });
});
