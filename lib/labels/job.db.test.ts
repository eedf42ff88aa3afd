import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeLlmServer, startFakeLlmServer } from "@/e2e/fake-llm-server";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { db } from "@/lib/db/client";
import { streamVotesForExport } from "@/lib/db/export";
import { recordVote } from "@/lib/db/votes";
import { FORMATS } from "@/lib/export/formats";
import { exportStream } from "@/lib/export/stream";
import { DEFAULT_FILTERS } from "@/lib/export/types";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { LABELLER_VERSION, runLabelJob } from "./job";

let llm: FakeLlmServer;
beforeAll(async () => {
  llm = await startFakeLlmServer();
});
afterAll(() => llm.close());
beforeEach(resetDb);

const labeller = (model: string) => ({
  slug: "judge-1",
  provider: { kind: "openai_compatible" as const, baseURL: llm.url, model },
});

/** A voted corpus battle whose prompt is `prompt`. */
async function votedBattle(prompt: string) {
  const voterId = newVoterId();
  const battle = await dealCorpusBattle({ voterId });
  if (!battle) throw new Error("expected a battle");
  await db.message.updateMany({
    where: { battleId: battle.id, turn: 0, side: null },
    data: { content: prompt },
  });
  await recordVote({ battleId: battle.id, voterId, choice: "left" });
  return battle.id;
}

describe("the prompt-labelling job (against the scripted labeller)", () => {
  it("labels each prompt once per category, stores lmarena's shapes, and tags battles into leaderboard categories", async () => {
    await seedSmallCorpus({ models: 3 });
    const hard = await votedBattle("hard: solve this in a poem, in a strict format");
    const twin = await votedBattle("hard: solve this in a poem, in a strict format");
    const plain = await votedBattle("hello there");

    const first = await runLabelJob({ labeller: labeller("labeller-v1") });
    expect(first).toMatchObject({ prompts: 2, labels: 8, failures: 0 });
    const labels = await db.promptLabel.findMany({ orderBy: { category: "asc" } });
    expect(labels).toHaveLength(8);
    expect(labels.every((l) => l.labeller === "judge-1" && l.labellerVersion === LABELLER_VERSION)).toBe(
      true,
    );
    const hardLabels = Object.fromEntries(
      labels
        .filter((l) => l.rawOutput.includes("7]") || l.category !== "criteria_v0.1")
        .map((l) => [l.category, l]),
    );
    expect(hardLabels["criteria_v0.1"].result).toMatchObject({ specificity: true, real_world: true });
    // The scripted labeller saw the published criteria as its system prompt.
    expect(llm.requests.some((r) => r.system?.includes("7 criteria") && r.temperature === 0)).toBe(true);

    const tags = async (id: string) => (await db.battle.findUniqueOrThrow({ where: { id } })).categoryTags;
    for (const id of [hard, twin]) {
      expect(await tags(id)).toEqual(
        expect.arrayContaining(["hard_prompt", "instruction_following", "math", "creative_writing"]),
      );
    }
    expect(await tags(plain)).not.toContain("hard_prompt");
    // Votes cast before the labels count in the new category's aggregates.
    const agg = await db.voteAggregate.aggregate({ where: { category: "hard_prompt" }, _sum: { n: true } });
    expect(agg._sum.n).toBe(2);

    // A second run has nothing left to ask and changes nothing.
    const asked = llm.requests.length;
    expect(await runLabelJob({ labeller: labeller("labeller-v1") })).toMatchObject({
      prompts: 0,
      labels: 0,
      battlesTagged: 0,
    });
    expect(llm.requests.length).toBe(asked);

    // The dumps carry the labels as lmarena's category_tag, under lmarena's keys.
    const dump = async (format: "arena140k" | "fastchat_jsonl") =>
      (
        await new Response(
          exportStream(
            streamVotesForExport({ filters: DEFAULT_FILTERS, salt: "s", convMetadata: true, sessions: true }),
            FORMATS[format],
            { includeExcluded: false },
          ),
        ).text()
      )
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    const rows = await dump("arena140k");
    const row = rows.find((r) => r.id === hard);
    expect(Object.keys(row.category_tag)).toEqual([
      "creative_writing_v0.1",
      "criteria_v0.1",
      "if_v0.1",
      "math_v0.1",
      "pairwise_arena_tags_v1",
    ]);
    expect(row.category_tag["math_v0.1"]).toEqual({ math: true });
    expect(row.category_tag["if_v0.1"]).toEqual({ if: true, score: 5 });
    const fc = (await dump("fastchat_jsonl")).find((r) => r.question_id === plain);
    expect(fc.category_tag["criteria_v0.1"].specificity).toBe(true);
    expect(fc.category_tag["math_v0.1"]).toEqual({ math: false });
    expect(
      (await db.voteAggregate.aggregate({ where: { category: "hard_prompt" }, _sum: { n: true } }))._sum.n,
    ).toBe(2);
  });

  it("a failing labeller stores nothing, so the next run asks again", async () => {
    await seedSmallCorpus({ models: 3 });
    await votedBattle("anything");
    const r = await runLabelJob({ labeller: labeller("error500-x"), categories: ["math_v0.1"] });
    expect(r).toMatchObject({ prompts: 1, labels: 0, failures: 1 });
    expect(await db.promptLabel.count()).toBe(0);
    expect(await runLabelJob({ labeller: labeller("labeller-v1"), categories: ["math_v0.1"] })).toMatchObject(
      {
        labels: 1,
      },
    );
  });
});
