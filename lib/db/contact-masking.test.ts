import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { FORMATS } from "@/lib/export/formats";
import { exportStream } from "@/lib/export/stream";
import { DEFAULT_FILTERS } from "@/lib/export/types";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { db } from "./client";
import { streamVotesForExport } from "./export";
import { listSampleBattles } from "./models-public";
import { recordVote } from "./votes";

describe("contact details in public data", () => {
  beforeEach(resetDb);

  it("are masked in vote dumps and on model pages, and kept in the database", async () => {
    await seedSmallCorpus({ models: 2, prompts: 1 });
    const secret = "Mail me at jane@example.com or call +1 415 555 0100";
    await db.message.updateMany({ where: { side: null }, data: { content: secret } });
    await db.corpusPrompt.updateMany({ data: { text: secret } });
    const voterId = newVoterId();
    const battle = (await dealCorpusBattle({ voterId }))!;
    await db.message.updateMany({
      where: { battleId: battle.id, side: "a" },
      data: { content: "Sure: jane@example.com" },
    });
    await recordVote({ battleId: battle.id, voterId, choice: "left" });

    for (const format of ["fastchat", "kaggle55k"] as const) {
      const it = streamVotesForExport({ filters: DEFAULT_FILTERS, salt: "s", convMetadata: false });
      const text = await new Response(exportStream(it, FORMATS[format], { includeExcluded: false })).text();
      expect(text).toContain("[email removed]");
      expect(text).toContain("[phone removed]");
      expect(text).not.toContain("jane@example.com");
      expect(text).not.toContain("555 0100");
    }
    const [sample] = await listSampleBattles({ slug: "model-0" });
    expect(sample.prompt).toBe("Mail me at [email removed] or call [phone removed]");
    expect(await db.message.count({ where: { content: secret } })).toBeGreaterThan(0);
  });
});
