import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { db } from "@/lib/db/client";
import { recordVote } from "@/lib/db/votes";
import { ratingsWorkerUrl } from "@/lib/ratings/io/worker-url";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { buildPromptIndex, readSimilarBoard, setPromptIndexWorker } from "./similar-job";

/** Casts n corpus votes and dates them a minute back (the index reads votes older than a few seconds). */
async function vote(n: number): Promise<Map<string, number>> {
  const perPrompt = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const voterId = newVoterId();
    const battle = await dealCorpusBattle({ voterId });
    await recordVote({ battleId: battle!.id, voterId, choice: i % 4 === 0 ? "right" : "left" });
  }
  await db.$executeRaw`UPDATE votes SET created_at = created_at - interval '1 minute' WHERE created_at > now() - interval '50 seconds'`;
  const rows = await db.$queryRaw<{ prompt: string; n: number }[]>`
    SELECT m.content AS prompt, count(*)::int AS n FROM votes v
    JOIN messages m ON m.battle_id = v.battle_id AND m.turn = 0 AND m.side IS NULL
    WHERE v.counts_for_public GROUP BY 1`;
  for (const r of rows) perPrompt.set(r.prompt, r.n);
  return perPrompt;
}

async function board(q: string) {
  const view = await readSimilarBoard(q);
  if (view.status !== "ok") throw new Error(`index not ready: ${view.status}`);
  return view;
}

describe("prompts like mine, from the database", () => {
  beforeEach(async () => {
    await setPromptIndexWorker(null);
    await resetDb();
    await seedSmallCorpus({ models: 3 });
  });
  afterAll(() => setPromptIndexWorker(null));

  it("an exact-match prompt recovers that prompt's votes; new votes come in by watermark; exclusions rebuild", async () => {
    // The first query starts the build and is told so; the build finds no votes yet.
    expect(await readSimilarBoard("anything")).toEqual({ status: "indexing" });
    await buildPromptIndex();
    expect((await board("anything")).board).toBeNull();
    let perPrompt = await vote(12);
    expect(await buildPromptIndex()).toBe("incremental");
    const [prompt, votes] = [...perPrompt].sort((x, y) => y[1] - x[1])[0];
    let view = await board(prompt);
    expect(view.indexedVotes).toBe(12);
    expect(view.board?.topPrompts[0]).toMatchObject({ prompt: prompt.slice(0, 300), weight: 1, votes });
    expect(view.board?.rows.length).toBeGreaterThan(0);

    // More votes: the next refresh reads only those (the index keeps its prompts and adds counts).
    perPrompt = await vote(8);
    expect(await buildPromptIndex()).toBe("incremental");
    view = await board(prompt);
    expect(view.indexedVotes).toBe(20);
    expect(view.board?.topPrompts[0]).toMatchObject({ votes: perPrompt.get(prompt) });

    // Excluding votes changes the fingerprint of what was indexed: the index is rebuilt without them.
    const excluded = await db.vote.updateMany({ data: { countsForPublic: false, exclusionReason: "test" } });
    expect(excluded.count).toBe(20);
    expect(await buildPromptIndex()).toBe("full");
    view = await board(prompt);
    expect(view.indexedVotes).toBe(0);
    expect(view.board).toBeNull();
  });

  it("runs the same index on a worker thread", async () => {
    await setPromptIndexWorker(ratingsWorkerUrl());
    const perPrompt = await vote(10);
    await buildPromptIndex();
    const [prompt, votes] = [...perPrompt].sort((x, y) => y[1] - x[1])[0];
    const view = await board(prompt);
    expect(view.indexedVotes).toBe(10);
    expect(view.board?.topPrompts[0]).toMatchObject({ weight: 1, votes });
  });
});
