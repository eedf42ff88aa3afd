import { afterAll, describe, expect, it } from "vitest";
import { pairDataFromCounts } from "../battles";
import { finishBt, prepareBt } from "../bt-engine";
import { aggregateBattles, computeLeaderboard } from "../index";
import { promptBatch } from "../prompt-index";
import { simulate } from "../test-utils";
import type { FitJob } from "./fit-job";
import { runFitJobs, runRoundsParallel, WorkerPool } from "./pool";
import { ratingsWorkerUrl } from "./worker-url";

// The one worker path: the CLI's bootstrap rounds and the app's per-category fits both run
// on this pool, and both must give exactly what the same code gives on one thread.
const pool = new WorkerPool(ratingsWorkerUrl(), 2);
afterAll(() => pool.close());

const counts = aggregateBattles(simulate(12, 3000, 5).battles);
const WINNER = { model_a: "a", model_b: "b", tie: "tie", "tie (bothbad)": "both_bad" } as const;
const cellsJson = JSON.stringify(
  counts.map((c) => [c.modelA, c.modelB, WINNER[c.outcome], c.count, c.count]),
);

function job(category: string, cells = cellsJson): FitJob {
  return {
    kind: "plain",
    category,
    numVotes: 3000,
    numExcluded: 0,
    excludedByReason: {},
    idsum: "42",
    cellsJson: cells,
    rounds: 200,
    options: { ci: "bootstrap", rounds: 200, seed: 3 },
  };
}

describe("ratings worker pool", () => {
  it("runs bootstrap rounds on worker threads bit-identically to the synchronous fit", async () => {
    const opts = { ci: "bootstrap" as const, rounds: 300, seed: 9 };
    const prep = prepareBt(pairDataFromCounts(counts, false), opts);
    const rounds = await runRoundsParallel(prep.setup!, prep.rounds, pool, false);
    expect(finishBt(prep, rounds).leaderboard).toEqual(computeLeaderboard(counts, opts).leaderboard);
  });

  it("runs the app's fits on worker threads with the same snapshots as inline, in job order", async () => {
    const jobs = [
      job("overall"),
      job("lang:en", JSON.stringify(JSON.parse(cellsJson).slice(0, 20))),
      job("x"),
    ];
    const inline = await runFitJobs(jobs, null);
    const threaded = await runFitJobs(jobs, pool);
    expect(threaded).toEqual(inline);
    expect(threaded.map((r) => r.category)).toEqual(["overall", "lang:en", "x"]);
    expect(JSON.parse(threaded[0].resultJson)).toMatchObject({ version: 1, numVotes: 3000, rounds: 200 });
  });

  it("names the category whose fit failed", async () => {
    await expect(runFitJobs([job("overall"), job("broken", "not json")], pool)).rejects.toThrow(
      /rating fit failed for broken/,
    );
  });

  it("keeps a prompt index on one worker and matches each answer to its job when jobs overlap", async () => {
    const batch = promptBatch([
      { prompt: "sourdough bread proofing time", cells: counts.slice(0, 30) },
      { prompt: "python sort tuples", cells: counts.slice(30, 60) },
    ]);
    await pool.prompts(0, { op: "begin" });
    await pool.prompts(0, { op: "add", into: "next", batch });
    expect(await pool.prompts(0, { op: "commit" })).toMatchObject({ prompts: 2 });
    // Two queries and a fit in flight on the same worker at once: each gets its own answer.
    const [bread, python, fits] = await Promise.all([
      pool.prompts(0, { op: "query", query: "sourdough bread" }),
      pool.prompts(0, { op: "query", query: "python tuples" }),
      pool.run<unknown[]>(0, {
        kind: "fit",
        jobs: [job("overall")],
        bounds: [0, 1],
        counter: new SharedArrayBuffer(4),
      }),
    ]);
    expect(bread).toMatchObject({ op: "query", prompts: 2 });
    expect(bread.op === "query" && bread.board?.topPrompts[0].prompt).toBe("sourdough bread proofing time");
    expect(python.op === "query" && python.board?.topPrompts[0].prompt).toBe("python sort tuples");
    expect(fits).toHaveLength(1);
  });
});
