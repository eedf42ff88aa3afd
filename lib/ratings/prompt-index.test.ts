import { describe, expect, it } from "vitest";
import { PromptIndex, promptBatch, similarBoard, tokenize } from "./prompt-index";
import type { PairCount } from "./types";

const cells = (winner: "model_a" | "model_b", n: number): PairCount[] => [
  { modelA: "x", modelB: "y", outcome: winner, count: n },
  { modelA: "x", modelB: "z", outcome: winner, count: n },
  { modelA: "y", modelB: "z", outcome: "model_a", count: n },
  { modelA: "y", modelB: "z", outcome: "model_b", count: 1 },
  { modelA: "x", modelB: "y", outcome: winner === "model_a" ? "model_b" : "model_a", count: 1 },
  { modelA: "x", modelB: "z", outcome: winner === "model_a" ? "model_b" : "model_a", count: 1 },
];

const docs = [
  { prompt: "How long should sourdough bread proof before baking?", cells: cells("model_a", 20) },
  { prompt: "Write a Python function that sorts a list of tuples", cells: cells("model_b", 30) },
  { prompt: "Explain quantum entanglement to a child", cells: cells("model_b", 30) },
  { prompt: "Sourdough starter smells like acetone, what now?", cells: cells("model_b", 5) },
];
const index = new PromptIndex();
index.add(promptBatch(docs));

describe("prompts like mine", () => {
  it("an exact-match prompt recovers that prompt's battles: its board, full weight, its vote count", () => {
    const board = similarBoard(index, "How long should sourdough bread proof before baking?")!;
    expect(board.topPrompts[0]).toMatchObject({ prompt: docs[0].prompt, weight: 1, votes: 63 });
    // x wins the sourdough prompt's battles, loses everywhere else: on this board x leads.
    expect(board.rows[0].model).toBe("x");
    expect(board.rows[0].ciLower).not.toBeNull();
    expect(board.matchedPrompts).toBe(1);
    expect(board.effectiveVotes).toBeCloseTo(63, 6);
    // Without a cut-off the other sourdough prompt (one shared word) gets a little weight, the rest none.
    const all = similarBoard(index, docs[0].prompt, { minShare: 0 })!;
    expect(all.matchedPrompts).toBe(2);
    expect(all.topPrompts[1].weight).toBeLessThan(0.05);
    expect(all.effectiveVotes).toBeLessThan(all.matchedVotes);
  });
  it("a prompt about code gives the code prompt's board; an unrelated query gives none", () => {
    const board = similarBoard(index, "python function to sort tuples")!;
    expect(board.topPrompts[0].prompt).toBe(docs[1].prompt);
    expect(board.rows[0].model).not.toBe("x");
    expect(similarBoard(index, "zebra")).toBeNull();
  });
  it("sharper weighting concentrates the effective votes on the closest prompts", () => {
    const broad = similarBoard(index, "sourdough", { sharpness: 0 })!;
    const sharp = similarBoard(index, "sourdough bread proof", { sharpness: 4 })!;
    expect(broad.effectiveVotes).toBeCloseTo(broad.matchedVotes, 6);
    expect(sharp.effectiveVotes).toBeLessThan(sharp.matchedVotes);
  });
  it("adds votes to a prompt it already holds instead of indexing it twice", () => {
    const grown = new PromptIndex();
    grown.add(promptBatch(docs));
    // A later batch: more votes on the sourdough prompt, sent without its text (already known).
    grown.add({ ...promptBatch([docs[0]]), texts: [null] });
    expect(grown.prompts).toBe(4);
    const board = similarBoard(grown, docs[0].prompt)!;
    expect(board.topPrompts[0]).toMatchObject({ prompt: docs[0].prompt, votes: 126 });
    // A prompt the index never saw, without its text, is skipped rather than indexed blind.
    grown.add({ ...promptBatch([{ prompt: "never seen", cells: cells("model_a", 3) }]), texts: [null] });
    expect(grown.prompts).toBe(4);
  });
  it("tokenizes on letters and digits in any script, without stop words", () => {
    expect(tokenize("How do I sort a Python list? Größe 42, «naïve»")).toEqual([
      "sort",
      "python",
      "list",
      "größe",
      "42",
      "naïve",
    ]);
  });
});
