import { isoLanguage } from "./conversation";
import { describeFilters } from "./filters";
import { FORMATS } from "./formats";
import { type ExportStats, expectedRows, summarize } from "./stats";
import type { ExportFilters, ExportFormatId } from "./types";

// The dataset card that accompanies every dump (Hugging Face README layout: YAML
// front matter, then prose), built from the same counts as /data.

export interface CorpusLicense {
  name: string;
  license: string | null;
  source: string | null;
}

export interface CardInput {
  format: ExportFormatId;
  filters: ExportFilters;
  stats: ExportStats;
  generatedAt: Date;
  /** Licence of the vote data, from ARENA_EXPORT_LICENSE. */
  license: string;
  corpora: CorpusLicense[];
  /** Path and query of the matching dump. */
  downloadPath: string;
  /** The dump's file name: the card's `configs` point the Hub's viewer at it. */
  dataFile: string;
  /** For `license: other`: the licence's name and link (ARENA_EXPORT_LICENSE_NAME / _LINK). */
  licenseName: string | null;
  licenseLink: string | null;
  codeVersion: string;
}

const cell = (s: string | number) => String(s).replaceAll("|", "\\|").replaceAll("\n", " ");

function sizeCategory(n: number): string {
  const bounds: [number, string][] = [
    [1e3, "n<1K"],
    [1e4, "1K<n<10K"],
    [1e5, "10K<n<100K"],
    [1e6, "100K<n<1M"],
    [1e7, "1M<n<10M"],
  ];
  return bounds.find(([b]) => n < b)?.[1] ?? "10M<n<100M";
}

const LAYOUT = {
  csv: "A header row, then one CSV row",
  jsonl: "One JSON object per line",
  json: "One JSON array (each element on a line of its own) with one object",
  parquet: "A Parquet file (Snappy-compressed, nested columns) with one row",
} as const;

const yamlString = (s: string) => JSON.stringify(s); // a JSON string is a valid YAML scalar

export function buildDatasetCard(input: CardInput): string {
  const format = FORMATS[input.format];
  const { filters, stats } = input;
  const s = summarize(stats, filters.includeExcluded);
  const rows = expectedRows(input.format, stats, filters.includeExcluded);
  const schema = format.schema.filter((f) => filters.includeExcluded || f.field !== "exclusion_reason");
  const meta = format.card ?? { taskCategories: ["text-classification"], tags: [] };
  const languages = [
    ...new Set(
      stats.categories.flatMap((c) => (c.tag.startsWith("lang:") ? [isoLanguage(c.tag.slice(5))] : [])),
    ),
  ]
    .filter((l): l is string => l !== null)
    .sort();
  const list = (items: string[]) => items.map((i) => `  - ${yamlString(i)}`);
  const lines = [
    "---",
    `license: ${yamlString(input.license)}`,
    ...(input.license === "other"
      ? [
          // The Hub requires both for `other`; the Licence section below states the terms.
          `license_name: ${yamlString(input.licenseName ?? "pairwise-arena-operator-terms")}`,
          `license_link: ${yamlString(input.licenseLink ?? "README.md#licence")}`,
        ]
      : []),
    ...(languages.length > 0 ? ["language:", ...list(languages)] : []),
    `pretty_name: ${yamlString(`Pairwise Arena votes (${format.id})`)}`,
    "task_categories:",
    ...list(meta.taskCategories),
    "tags:",
    ...list([...meta.tags, "human-preference", "pairwise-comparison", "chatbot-arena"]),
    `size_categories: ${yamlString(sizeCategory(rows))}`,
    // Points the Hub's dataset viewer at the dump uploaded next to this card.
    "configs:",
    "  - config_name: default",
    "    data_files:",
    "      - split: train",
    `        path: ${yamlString(input.dataFile)}`,
    "---",
    "",
    `# Pairwise Arena votes — ${format.label}`,
    "",
    format.summary,
    "",
    `Generated ${input.generatedAt.toISOString()} by Pairwise Arena ${input.codeVersion}. Download: \`${input.downloadPath}\``,
    "(`Content-Type` " +
      `\`${format.contentType.split(";")[0]}\`, UTF-8). Counts below are as of the card; a dump made later also holds votes cast since — pass \`to=\` to pin both.`,
    "",
    "## Filters",
    "",
    ...describeFilters(filters).map((f) => `- ${f}`),
    "",
    "## Counts",
    "",
    "| | votes |",
    "|---|---:|",
    `| matching the filters | ${s.total} |`,
    `| counted for the public leaderboard | ${s.counted} |`,
    `| excluded | ${s.excluded} |`,
    ...s.byReason.map((r) => `| — ${cell(r.reason)} | ${r.votes} |`),
    `| in named battles | ${s.named} |`,
    `| multi-turn | ${s.multiTurn} |`,
    "",
    `**Rows in this file: ${rows}.** The votes it draws on: ${s.outcomes.a + s.outcomes.b} decisive, ${s.outcomes.tie} ties, ${s.outcomes.both_bad} both bad.`,
    "",
    ...(stats.categories.length > 0
      ? [
          "| category tag | votes | counted |",
          "|---|---:|---:|",
          ...stats.categories.map((c) => `| ${cell(c.tag)} | ${c.total} | ${c.counted} |`),
          "",
        ]
      : []),
    "## Schema",
    "",
    `${LAYOUT[format.extension]} per ${input.format === "dpo" || input.format === "kto" ? "training example" : "vote"}.`,
    "",
    "| field | meaning |",
    "|---|---|",
    ...schema.map((f) => `| \`${f.field}\` | ${cell(f.description)} |`),
    "",
    ...format.notes.map((n) => `- ${n}`),
    "",
    "## How it was made",
    "",
    "- Voters compared two answers to the same prompt side by side without knowing the models (anonymous and corpus battles; in named battles they chose the models), then voted: left better, right better, tie, or both bad. The pair was drawn at random and the side each model appeared on was randomised.",
    "- `model_a` is always the model shown on the **left**, so the share of `model_a` wins measures position bias. The database's A/B labels are not exposed.",
    "- A vote counts for the public leaderboard unless it was excluded — for instance a named battle, a model revealing its identity during the battle, or a quarantined voter (the reasons and their counts are in the table above). Excluded votes are kept and can be exported with `include_excluded=true`.",
    "- Voters appear only as a keyed pseudonym (HMAC-SHA-256 of the internal voter id under a server-side key, truncated to 128 bits): stable across dumps from the same server, not reversible without the key. No IP address, email, cookie or account id is exported.",
    "- Each battle's last regeneration of each answer is exported: what the voter saw when voting.",
    "- Category tags are computed once per battle from its prompt (language, code, long prompt, corpus); `category` filters on them.",
    "",
    "## Licence",
    "",
    `- Votes and this card: **${input.license}**${input.license === "other" ? " (the operator has not set ARENA_EXPORT_LICENSE)" : ""}.`,
    ...(input.corpora.length > 0
      ? [
          "- Prompts and answers from imported corpora keep their own terms:",
          ...input.corpora.map(
            (c) =>
              `  - \`${c.name}\`: ${c.license ?? "licence not recorded"}${c.source ? ` (source: ${c.source})` : ""}`,
          ),
        ]
      : []),
    "- Model outputs may also be subject to the model providers' terms of use.",
    "",
  ];
  return lines.join("\n");
}
