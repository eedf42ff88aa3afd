import { languageCode, type ScreenTurn, tokensOf, toScreenOrder } from "../conversation";
import { countMarkdown } from "../style-features";
import type { ExportMessage } from "../types";
import { EXCLUSION_DOC, type ExportFormat, jsonLine } from "./format";

// lmarena's arena-human-preference-140k layout: multimodal-style message content
// ([{type: "text", text, image, mimeType}]) and a conv_metadata block with the style
// features that style control uses (markdown counts over the joined assistant text).

export const ARENA140K_WINNER = {
  left: "model_a",
  right: "model_b",
  tie: "tie",
  both_bad: "both_bad",
} as const;

/** Our category tags live under one versioned key, as the 140k classifiers do (spelt out literally in `rows`). */
export const CATEGORY_TAG_KEY = "pairwise_arena_tags_v1";

type Side = "left" | "right";

function message(role: "user" | "assistant", m: ExportMessage | null) {
  return { role, content: [{ type: "text", text: m?.content ?? "", image: null, mimeType: null }] };
}

function conversation(turns: ScreenTurn[], side: Side) {
  return turns.flatMap((t) => [message("user", t.user), message("assistant", t[side])]);
}

function sideStats(turns: ScreenTurn[], side: Side, user: number) {
  const answers = turns.map((t) => t[side]);
  const assistant = answers.reduce((s, m) => s + tokensOf(m), 0);
  const md = countMarkdown(
    answers.length === 1 ? (answers[0]?.content ?? "") : answers.map((m) => m?.content ?? "").join("\n"),
  );
  // Everything this model was given before its final answer.
  return { assistant, md, context: user + assistant - tokensOf(answers.at(-1) ?? null) };
}

// Literal keys (not computed ones) keep these objects in V8's fast mode, which
// JSON.stringify serialises several times faster.
function convMetadata(turns: ScreenTurn[]) {
  const user = turns.reduce((s, t) => s + tokensOf(t.user), 0);
  const a = sideStats(turns, "left", user);
  const b = sideStats(turns, "right", user);
  return {
    sum_assistant_a_tokens: a.assistant,
    header_count_a: a.md.header,
    list_count_a: a.md.list,
    bold_count_a: a.md.bold,
    context_a_tokens: a.context,
    sum_assistant_b_tokens: b.assistant,
    header_count_b: b.md.header,
    list_count_b: b.md.list,
    bold_count_b: b.md.bold,
    context_b_tokens: b.context,
    sum_user_tokens: user,
    turns: turns.length,
  };
}

export const arena140k: ExportFormat = {
  id: "arena140k",
  label: "Arena 140k style (JSONL)",
  summary: "lmarena's arena-human-preference-140k layout, with markdown/length style features per side.",
  contentType: "application/x-ndjson; charset=utf-8",
  extension: "jsonl",
  eol: "\n",
  header: () => null,
  rows(vote, opts) {
    const s = toScreenOrder(vote);
    return [
      jsonLine(
        {
          id: vote.battleId,
          model_a: s.left,
          model_b: s.right,
          winner: ARENA140K_WINNER[s.winner],
          evaluation_session_id: vote.judge,
          evaluation_order: vote.evaluationOrder,
          conversation_a: conversation(s.turns, "left"),
          conversation_b: conversation(s.turns, "right"),
          conv_metadata: convMetadata(s.turns),
          category_tag: { pairwise_arena_tags_v1: { tags: vote.categoryTags } },
          language: languageCode(vote.categoryTags) ?? "unknown",
          is_code: vote.categoryTags.includes("code"),
          timestamp: vote.votedAt.toISOString(),
        },
        vote,
        opts,
      ),
    ];
  },
  schema: [
    { field: "id", description: "battle id (UUID); the same id in every format" },
    { field: "model_a", description: "slug of the model shown on the LEFT" },
    { field: "model_b", description: "slug of the model shown on the right" },
    { field: "winner", description: "`model_a` | `model_b` | `tie` | `both_bad`" },
    { field: "evaluation_session_id", description: "keyed pseudonym of the voter (32 hex digits)" },
    {
      field: "evaluation_order",
      description: "1-based position of this vote among all of the voter's votes (whole arena, by time)",
    },
    {
      field: "conversation_a",
      description: '`[{role, content: [{type: "text", text, image: null, mimeType: null}]}]` for model_a',
    },
    { field: "conversation_b", description: "the same for model_b" },
    {
      field: "conv_metadata",
      description:
        "`sum_assistant_{a,b}_tokens`, `header_count_{a,b}` {h1…h6}, `list_count_{a,b}` {ordered, unordered}, `bold_count_{a,b}` {`**`, `__`}, `context_{a,b}_tokens`, `sum_user_tokens`, `turns`",
    },
    { field: "category_tag", description: `\`{"${CATEGORY_TAG_KEY}": {"tags": [...]}}\`: our battle tags` },
    { field: "language", description: 'ISO 639-1 code of the prompt, or "unknown"' },
    { field: "is_code", description: "the battle carries the `code` tag" },
    { field: "timestamp", description: "time of the vote, ISO 8601 UTC" },
    EXCLUSION_DOC,
  ],
  notes: [
    "Markdown counts follow lmarena's add_markdown_info.py: fenced code blocks are removed, then `^#{n}\\s` headers, `^\\s*\\d+\\.\\s` / `^\\s*[-*+]\\s` list items and `**x**` / `__x__` bold spans are counted over the joined assistant turns.",
    "`context_{a,b}_tokens` counts everything the model was given before its final answer (user turns and its own earlier answers).",
    "There is no `full_conversation` column: it repeats conversation_a/b.",
  ],
};
