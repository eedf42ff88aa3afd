import { describe, expect, it } from "vitest";
import { Xoshiro128 } from "../rng";
import { type CriterionVote, criterionBoards } from "./criteria";

const pWin = (ra: number, rb: number) => 1 / (1 + 10 ** ((rb - ra) / 400));

/** One crowd answering every criterion on the same battles, each from its own true ratings. */
function crowd(truth: Record<string, Record<string, number>>, n: number, seed: number): CriterionVote[] {
  const rng = new Xoshiro128(seed);
  const criteria = Object.keys(truth);
  const models = Object.keys(truth[criteria[0]]);
  const votes: CriterionVote[] = [];
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rng.nextFloat() * models.length);
    let j = Math.floor(rng.nextFloat() * (models.length - 1));
    if (j >= i) j++;
    for (const c of criteria) {
      const p = pWin(truth[c][models[i]], truth[c][models[j]]);
      const u = rng.nextFloat();
      votes.push({
        criterion: c,
        modelA: models[i],
        modelB: models[j],
        outcome: u < 0.08 ? "tie" : rng.nextFloat() < p ? "model_a" : "model_b",
      });
    }
  }
  return votes;
}

describe("per-criterion boards", () => {
  it("a model that wins on style but loses on correctness tops one board and ends the other", () => {
    const votes = crowd(
      {
        style: { a: 1250, b: 1000, c: 900 },
        correctness: { a: 800, b: 1000, c: 1150 },
      },
      600,
      7,
    );
    const [style, correctness, helpfulness] = criterionBoards(votes, ["style", "correctness", "helpfulness"]);
    if (style.status !== "ok" || correctness.status !== "ok") throw new Error("expected both boards");
    expect(style.rows.map((r) => r.model)).toEqual(["a", "b", "c"]);
    expect(correctness.rows.map((r) => r.model)).toEqual(["c", "b", "a"]);
    expect(style.numVotes).toBe(600);
    // Each board is a fit of its own answers: mean 1000, intervals around the rating.
    const mean = style.rows.reduce((s, r) => s + r.rating, 0) / style.rows.length;
    expect(mean).toBeCloseTo(1000, 6);
    for (const r of [...style.rows, ...correctness.rows]) {
      expect(r.ciLower!).toBeLessThan(r.rating);
      expect(r.ciUpper!).toBeGreaterThan(r.rating);
    }
    // The gap is recovered roughly: A's style lead over C near 350 points, its correctness deficit near 350.
    const at = (rows: typeof style.rows, m: string) => rows.find((r) => r.model === m)!.rating;
    expect(at(style.rows, "a") - at(style.rows, "c")).toBeGreaterThan(200);
    expect(at(correctness.rows, "c") - at(correctness.rows, "a")).toBeGreaterThan(200);
    // A criterion with no answers says how many it lacks.
    expect(helpfulness).toEqual({
      criterion: "helpfulness",
      status: "needs_votes",
      numVotes: 0,
      minVotes: 100,
      needed: 100,
    });
  });

  it("waits for the threshold: one vote short gives no board", () => {
    const votes = crowd({ style: { a: 1100, b: 900 } }, 100, 1);
    expect(criterionBoards(votes.slice(0, 99), ["style"])[0]).toMatchObject({
      status: "needs_votes",
      needed: 1,
    });
    expect(criterionBoards(votes, ["style"])[0].status).toBe("ok");
    expect(criterionBoards(votes, ["style"], { minVotes: 101 })[0]).toMatchObject({ needed: 1 });
  });
});
