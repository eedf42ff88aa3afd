import { describe, expect, it } from "vitest";
import { buildDatasetCard } from "./card";
import type { ExportStats } from "./stats";
import { expectedRows, summarize } from "./stats";
import { DEFAULT_FILTERS } from "./types";

const stats: ExportStats = {
  groups: [
    { counted: true, reason: null, outcome: "a", named: false, multiTurn: false, votes: 5 },
    { counted: true, reason: null, outcome: "tie", named: false, multiTurn: false, votes: 2 },
    { counted: true, reason: null, outcome: "both_bad", named: false, multiTurn: false, votes: 3 },
    { counted: true, reason: null, outcome: "b", named: false, multiTurn: true, votes: 4 },
    { counted: false, reason: "voter quarantined", outcome: "b", named: false, multiTurn: false, votes: 1 },
    { counted: false, reason: "named battle", outcome: "a", named: true, multiTurn: false, votes: 2 },
  ],
  categories: [{ tag: "lang:en", total: 17, counted: 14 }],
  firstVoteAt: new Date("2026-01-01T00:00:00Z"),
  countedAt: new Date("2026-03-01T00:00:00Z"),
  lastVoteAt: new Date("2026-01-02T00:00:00Z"),
};

describe("stats", () => {
  it("summarises counted, excluded by reason, named and multi-turn votes", () => {
    const s = summarize(stats, false);
    expect(s).toMatchObject({ total: 17, counted: 14, excluded: 3, named: 2, multiTurn: 4 });
    expect(s.byReason).toEqual([
      { reason: "named battle", votes: 2 },
      { reason: "voter quarantined", votes: 1 },
    ]);
    expect(s.outcomes).toEqual({ a: 5, b: 4, tie: 2, both_bad: 3 });
    expect(summarize(stats, true).outcomes).toEqual({ a: 7, b: 5, tie: 2, both_bad: 3 });
  });

  it("predicts each format's row count from the row rules", () => {
    expect(expectedRows("fastchat", stats, false)).toBe(14);
    expect(expectedRows("kaggle55k", stats, true)).toBe(17);
    expect(expectedRows("dpo", stats, false)).toBe(5); // multi-turn, ties, both-bad give none
    expect(expectedRows("kto", stats, false)).toBe(2 * (5 + 3));
    expect(expectedRows("dpo", stats, true)).toBe(8);
  });
});

describe("buildDatasetCard", () => {
  const input = {
    format: "fastchat" as const,
    filters: { ...DEFAULT_FILTERS, category: "lang:en" },
    stats: { ...stats, categories: [...stats.categories, { tag: "lang:German", total: 1, counted: 1 }] },
    generatedAt: new Date("2026-02-01T00:00:00Z"),
    license: "cc-by-4.0",
    corpora: [{ name: "demo", license: "CC0-1.0", source: "prisma/demo/corpus.json" }],
    downloadPath: "/api/export/votes?format=fastchat&category=lang%3Aen",
    dataFile: "pairwise-arena-votes-fastchat-lang-en-20260201.json",
    licenseName: null,
    licenseLink: null,
    codeVersion: "0.1.0",
  };
  const card = buildDatasetCard(input);
  const frontMatter = (c: string) => c.slice(0, c.indexOf("\n---\n", 4));

  it("has the Hub's metadata: languages as ISO codes, task, and a config pointing the viewer at the file", () => {
    const fm = frontMatter(card);
    expect(fm).toContain('language:\n  - "de"\n  - "en"\n');
    expect(fm).toContain('task_categories:\n  - "text-classification"\n');
    expect(fm).toContain(
      'configs:\n  - config_name: default\n    data_files:\n      - split: train\n        path: "pairwise-arena-votes-fastchat-lang-en-20260201.json"',
    );
    expect(fm).not.toContain("license_name");
    // DPO/KTO are text-generation data with their trainer's tags, not classification.
    const dpo = frontMatter(buildDatasetCard({ ...input, format: "dpo" }));
    expect(dpo).toContain('task_categories:\n  - "text-generation"\n');
    expect(dpo).toContain('  - "dpo"\n');
    expect(dpo).not.toContain("text-classification");
  });

  it("names and links the licence when it is `other`, as the Hub requires", () => {
    const fm = frontMatter(buildDatasetCard({ ...input, license: "other" }));
    expect(fm).toContain('license_name: "pairwise-arena-operator-terms"\nlicense_link: "README.md#licence"');
    const own = frontMatter(
      buildDatasetCard({
        ...input,
        license: "other",
        licenseName: "acme-terms",
        licenseLink: "https://x.test/t",
      }),
    );
    expect(own).toContain('license_name: "acme-terms"\nlicense_link: "https://x.test/t"');
  });

  it("has front matter with the licence and size, and the counts", () => {
    expect(card.startsWith('---\nlicense: "cc-by-4.0"\n')).toBe(true);
    expect(card).toContain('size_categories: "n<1K"');
    expect(card).toContain("| counted for the public leaderboard | 14 |");
    expect(card).toContain("| — voter quarantined | 1 |");
    expect(card).toContain("**Rows in this file: 14.**");
    expect(card).toContain("category: lang:en");
    expect(card).toContain("`demo`: CC0-1.0");
  });

  it("documents every field of the format and how it was made", () => {
    for (const f of ["question_id", "model_a", "winner", "judge", "conversation_a", "tstamp"])
      expect(card).toContain(`\`${f}\``);
    expect(card).not.toContain("`exclusion_reason`");
    expect(card).toMatch(/model shown on the \*\*left\*\*/);
    expect(card).toMatch(/HMAC-SHA-256/);
    expect(card).toContain("/api/export/votes?format=fastchat&category=lang%3Aen");
  });
});
