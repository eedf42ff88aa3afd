import { parquetReadObjects } from "hyparquet";
import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { parseCsv } from "@/lib/export/csv";
import { FORMATS } from "@/lib/export/formats";
import { exportStream } from "@/lib/export/stream";
import { DEFAULT_FILTERS, type ExportFormatId, type FormatOptions } from "@/lib/export/types";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { setArenaCriteria } from "./arena-settings";
import { db } from "./client";
import { streamVotesForExport } from "./export";
import { rateCriteria } from "./vote-criteria";
import { explainVote } from "./vote-explanations";
import { recordVote } from "./votes";

function dumpStream(format: ExportFormatId, opts: FormatOptions) {
  const it = streamVotesForExport({
    filters: DEFAULT_FILTERS,
    salt: "explanations-test",
    convMetadata: FORMATS[format].readsConvMetadata,
    explanations: opts.explanations,
    sessions: FORMATS[format].readsSessions,
    dedup: FORMATS[format].readsDedup,
  });
  return new Response(exportStream(it, FORMATS[format], opts));
}

async function dumpRows(format: ExportFormatId, opts: FormatOptions = { includeExcluded: false }) {
  const text = await dumpStream(format, opts).text();
  if (format === "kaggle55k") {
    const [header, ...rows] = parseCsv(text);
    return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
  }
  const parsed = JSON.parse(text.trim().startsWith("[") ? text : `[${text.trim().split("\n").join(",")}]`);
  return parsed as Record<string, unknown>[];
}

describe("explained votes in the dumps", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ models: 3 });
  });

  it("carry the reason chips, the masked one-line why and the per-criterion answers, and nothing otherwise", async () => {
    await setArenaCriteria({ arena: "corpus", enabled: true, actor: "test" });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const voterId = newVoterId();
      const battle = (await dealCorpusBattle({ voterId }))!;
      await recordVote({ battleId: battle.id, voterId, choice: "left" });
      if (i === 0) {
        await explainVote({
          battleId: battle.id,
          voterId,
          reasons: ["correct", "too_long"],
          rationale: "right answer, mail me at someone@example.org",
        });
        await rateCriteria({
          battleId: battle.id,
          voterId,
          answers: { style: "right", correctness: "left" },
        });
      }
      // Criteria alone are an explanation too.
      if (i === 1) await rateCriteria({ battleId: battle.id, voterId, answers: { helpfulness: "tie" } });
      ids.push(battle.id);
    }
    const numbers = await Promise.all(
      ids.map(async (id) => String((await db.battle.findUniqueOrThrow({ where: { id } })).number)),
    );
    for (const [format, idKey, opts] of [
      ["fastchat_jsonl", "question_id", { includeExcluded: false }],
      ["fastchat", "question_id", { includeExcluded: false }],
      ["arena140k", "id", { includeExcluded: false }],
      ["kaggle55k", "id", { includeExcluded: false, explanations: true }],
    ] as const) {
      const rows = await dumpRows(format, opts);
      const key = (i: number) => (format === "kaggle55k" ? numbers[i] : ids[i]);
      const [explained, rated, plain] = [0, 1, 2].map((i) => rows.find((r) => r[idKey] === key(i))!);
      const parse = (v: unknown) =>
        format === "kaggle55k" && typeof v === "string" && v ? JSON.parse(v) : v;
      expect(parse(explained.vote_reasons), format).toEqual(["correct", "too_long"]);
      expect(explained.vote_rationale, format).toMatch(/^right answer, mail me at /);
      expect(explained.vote_rationale, format).not.toContain("someone@example.org");
      // "left" is model_a in every dump (model_a = the left model).
      expect(parse(explained.vote_criteria), format).toEqual({ correctness: "model_a", style: "model_b" });
      expect(parse(rated.vote_criteria), format).toEqual({ helpfulness: "tie" });
      expect(parse(rated.vote_reasons), format).toEqual([]);
      if (format === "kaggle55k") expect([plain.vote_reasons, plain.vote_criteria]).toEqual(["", ""]);
      else expect("vote_reasons" in plain || "vote_criteria" in plain, format).toBe(false);
    }
    // Parquet: the same values as nested columns, null where none.
    const bytes = new Uint8Array(
      await dumpStream("arena140k_parquet", { includeExcluded: false }).arrayBuffer(),
    );
    const pq = (await parquetReadObjects({ file: bytes.buffer as ArrayBuffer })) as Record<string, unknown>[];
    const p0 = pq.find((r) => r.id === ids[0])!;
    expect(p0.vote_reasons).toEqual(["correct", "too_long"]);
    expect(p0.vote_criteria).toEqual({ helpfulness: null, correctness: "model_a", style: "model_b" });
    expect(pq.find((r) => r.id === ids[2])!.vote_criteria ?? null).toBeNull();
    // DPO: every row carries the keys when asked (the decisive votes give rows).
    const dpo = await dumpRows("dpo", { includeExcluded: false, explanations: true });
    expect(dpo).toHaveLength(3);
    expect(dpo.map((r) => r.vote_criteria)).toContainEqual({ correctness: "model_a", style: "model_b" });
    expect(dpo.filter((r) => r.vote_reasons === null)).toHaveLength(1);
  });
});
