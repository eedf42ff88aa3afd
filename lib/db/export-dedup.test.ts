import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { FORMATS } from "@/lib/export/formats";
import { exportStream } from "@/lib/export/stream";
import { DEFAULT_FILTERS, type ExportFilters, type ExportFormatId } from "@/lib/export/types";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { db } from "./client";
import { streamVotesForExport } from "./export";
import { recordVote } from "./votes";

// dedup_tag as FastChat's deduplication.py defines it, restated here from its documented
// behaviour: key = the user turns, each followed by "\n", cut to 10,000 characters;
// cutoff = pandas' linear-interpolation quantile 0.9999 of the per-key counts; keys
// counted more often than the cutoff are high_freq, and int(cutoff) of their battles
// are sampled; every other battle is {high_freq: false, sampled: true}.

interface Row {
  question_id: string;
  conversation_a: { role: string; content: string }[];
  dedup_tag?: { high_freq: boolean; sampled: boolean };
}

function quantile(values: number[], q: number): number {
  const v = [...values].sort((a, b) => a - b);
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  return lo + 1 < v.length ? v[lo] + (pos - lo) * (v[lo + 1] - v[lo]) : v[lo];
}

function expectFastChatDedup(rows: Row[]) {
  const key = (r: Row) =>
    r.conversation_a
      .filter((m) => m.role === "user")
      .map((m) => `${m.content}\n`)
      .join("")
      .slice(0, 10_000);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  const cutoff = quantile([...counts.values()], 0.9999);
  const sampledPerKey = new Map<string, number>();
  for (const r of rows) {
    const frequent = (counts.get(key(r)) ?? 0) > cutoff;
    expect(r.dedup_tag?.high_freq, r.question_id).toBe(frequent);
    if (!frequent) expect(r.dedup_tag?.sampled).toBe(true);
    else if (r.dedup_tag?.sampled) sampledPerKey.set(key(r), (sampledPerKey.get(key(r)) ?? 0) + 1);
  }
  for (const [k, n] of counts) if (n > cutoff) expect(sampledPerKey.get(k) ?? 0, k).toBe(Math.floor(cutoff));
  return { counts, cutoff };
}

async function dump(format: ExportFormatId, filters: Partial<ExportFilters> = {}): Promise<Row[]> {
  const f = { ...DEFAULT_FILTERS, ...filters };
  const it = streamVotesForExport({
    filters: f,
    salt: "dedup-salt",
    batchSize: 4,
    convMetadata: FORMATS[format].readsConvMetadata,
    dedup: FORMATS[format].readsDedup,
  });
  const text = await new Response(exportStream(it, FORMATS[format], { includeExcluded: false })).text();
  return format === "fastchat"
    ? JSON.parse(text)
    : text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
}

/** A voted battle whose prompt is `prompt` (its first user turn rewritten), on `day`. */
async function battleWithPrompt(prompt: string, day: number, laterTurn?: string): Promise<string> {
  const voterId = newVoterId();
  const battle = await dealCorpusBattle({ voterId });
  if (!battle) throw new Error("expected a battle");
  await db.message.updateMany({
    where: { battleId: battle.id, side: null, turn: 0 },
    data: { content: prompt },
  });
  if (laterTurn) {
    await db.message.create({
      data: { battleId: battle.id, side: null, turn: 1, attempt: 0, role: "user", content: laterTurn },
    });
  }
  await recordVote({ battleId: battle.id, voterId, choice: "left" });
  await db.vote.update({
    where: { battleId: battle.id },
    data: { createdAt: new Date(Date.UTC(2026, 0, day, 12)) },
  });
  return battle.id;
}

describe("FastChat's dedup_tag", () => {
  beforeEach(resetDb);

  it("marks the prompts above the 99.99th percentile high_freq and samples int(cutoff) of each", async () => {
    await seedSmallCorpus({ models: 3, prompts: 2 });
    // "hi" 6 times (3 of them early), "what" 3 times, one multi-turn "hi" (another key), singles.
    for (let i = 0; i < 6; i++) await battleWithPrompt("hi", i < 3 ? 1 : 5);
    for (let i = 0; i < 3; i++) await battleWithPrompt("what", 5);
    await battleWithPrompt("hi", 5, "and more");
    for (const p of ["a", "b", "c"]) await battleWithPrompt(p, 5);

    const rows = await dump("fastchat");
    expect(rows).toHaveLength(13);
    const { cutoff } = expectFastChatDedup(rows);
    expect(Math.floor(cutoff)).toBe(5);
    const hi = rows.filter((r) => r.conversation_a.length === 2 && r.conversation_a[0].content === "hi");
    expect(hi.map((r) => r.dedup_tag?.sampled).filter(Boolean)).toHaveLength(5);
    expect(hi.every((r) => r.dedup_tag?.high_freq)).toBe(true);
    // The multi-turn battle's key is "hi\nand more\n": not the frequent one.
    const multi = rows.find((r) => r.conversation_a.length === 4);
    expect(multi?.dedup_tag).toEqual({ high_freq: false, sampled: true });

    // The same rows in JSON Lines; the choice is stable from one download to the next.
    const again = await dump("fastchat_jsonl");
    expect(again.map((r) => [r.question_id, r.dedup_tag])).toEqual(
      rows.map((r) => [r.question_id, r.dedup_tag]),
    );
  });

  it("counts the prompts of the dump itself (its filters), and other formats carry no dedup_tag", async () => {
    await seedSmallCorpus({ models: 3, prompts: 2 });
    for (let i = 0; i < 6; i++) await battleWithPrompt("hi", i < 3 ? 1 : 5);
    for (let i = 0; i < 3; i++) await battleWithPrompt("what", 5);
    // From day 5: "hi" and "what" 3 times each, a tie at the top, so nothing is frequent.
    const later = await dump("fastchat", { from: new Date(Date.UTC(2026, 0, 5)) });
    expect(later).toHaveLength(6);
    expectFastChatDedup(later);
    expect(later.every((r) => r.dedup_tag?.high_freq === false && r.dedup_tag.sampled)).toBe(true);
    for (const r of await dump("arena140k")) expect(r).not.toHaveProperty("dedup_tag");
  });
});
