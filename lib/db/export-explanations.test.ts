import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { FORMATS } from "@/lib/export/formats";
import { exportStream } from "@/lib/export/stream";
import { DEFAULT_FILTERS, type ExportFormatId } from "@/lib/export/types";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { streamVotesForExport } from "./export";
import { explainVote } from "./vote-explanations";
import { recordVote } from "./votes";

async function dumpRows(format: ExportFormatId): Promise<Record<string, unknown>[]> {
  const it = streamVotesForExport({
    filters: DEFAULT_FILTERS,
    salt: "explanations-test",
    convMetadata: FORMATS[format].readsConvMetadata,
    sessions: FORMATS[format].readsSessions,
    dedup: FORMATS[format].readsDedup,
  });
  const text = await new Response(exportStream(it, FORMATS[format], { includeExcluded: false })).text();
  const parsed = JSON.parse(text.trim().startsWith("[") ? text : `[${text.trim().split("\n").join(",")}]`);
  return parsed as Record<string, unknown>[];
}

describe("explained votes in the dumps", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ models: 3 });
  });

  it("carry the reason chips and the masked one-line why where the voter gave them, and nothing otherwise", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
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
      }
      ids.push(battle.id);
    }
    for (const [format, idKey] of [
      ["fastchat_jsonl", "question_id"],
      ["fastchat", "question_id"],
      ["arena140k", "id"],
    ] as const) {
      const rows = await dumpRows(format);
      const explained = rows.find((r) => r[idKey] === ids[0])!;
      const plain = rows.find((r) => r[idKey] === ids[1])!;
      expect(explained.vote_reasons, format).toEqual(["correct", "too_long"]);
      expect(explained.vote_rationale, format).toMatch(/^right answer, mail me at /);
      expect(explained.vote_rationale, format).not.toContain("someone@example.org");
      expect("vote_reasons" in plain, format).toBe(false);
    }
  });
});
