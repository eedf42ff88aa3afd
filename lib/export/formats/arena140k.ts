import type { ScreenSide, VoteChoice } from "@/lib/arena/sides";
import { convMetadataJson } from "../conv-metadata";
import { languageCode, type ScreenTurn, toScreenOrder } from "../conversation";
import type { ExportVote, FormatOptions } from "../types";
import {
  CRITERIA_DOC,
  EXCLUSION_DOC,
  type ExportFormat,
  explanationKeys,
  MODEL_DOCS,
  type RowSink,
  rowsOf,
} from "./format";

// lmarena's arena-human-preference-140k layout: multimodal-style message content
// ([{type: "text", text, image, mimeType}]) and a conv_metadata block with the style
// features that style control uses (markdown counts over the joined assistant text).

export const ARENA140K_WINNER = {
  left: "model_a",
  right: "model_b",
  tie: "tie",
  both_bad: "both_bad",
} as const satisfies Record<VoteChoice, string>;

/** Our category tags live under one versioned key, as the 140k classifiers do. */
export const CATEGORY_TAG_KEY = "pairwise_arena_tags_v1";

// Rows are written as JSON text piece by piece rather than built as objects for
// JSON.stringify: a 1M-vote dump allocated ~10 objects per message and walked them
// again to serialise, and every answer was escaped into a string of its own before
// being copied into the output. The layout below is what JSON.stringify printed for
// the object form, byte for byte (arena140k.test.ts compares the two).
const str = JSON.stringify as (s: string | null) => string;

const WINNER_JSON = {
  left: str(ARENA140K_WINNER.left),
  right: str(ARENA140K_WINNER.right),
  tie: str(ARENA140K_WINNER.tie),
  both_bad: str(ARENA140K_WINNER.both_bad),
};

const TEXT_START = `{"role":"user","content":[{"type":"text","text":`;
const TEXT_END = `,"image":null,"mimeType":null}]}`;
const ASSISTANT_START = `${TEXT_END},{"role":"assistant","content":[{"type":"text","text":`;

function writeConversation(turns: ScreenTurn[], side: ScreenSide, out: RowSink): void {
  for (let i = 0; i < turns.length; i++) {
    out.text(i === 0 ? TEXT_START : `,${TEXT_START}`);
    out.json(turns[i].user.content);
    out.text(ASSISTANT_START);
    out.json(turns[i][side]?.content ?? "");
    out.text(TEXT_END);
  }
}

// full_conversation: one element a turn, {user, model_side_a, model_side_b}, each a
// message as in conversation_a/b.
const FULL_USER = `{"user":${TEXT_START}`;
const FULL_A = `${TEXT_END},"model_side_a":{"role":"assistant","content":[{"type":"text","text":`;
const FULL_B = `${TEXT_END},"model_side_b":{"role":"assistant","content":[{"type":"text","text":`;

function writeFullConversation(turns: ScreenTurn[], out: RowSink): void {
  for (let i = 0; i < turns.length; i++) {
    out.text(i === 0 ? FULL_USER : `,${FULL_USER}`);
    out.json(turns[i].user.content);
    out.text(FULL_A);
    out.json(turns[i].left?.content ?? "");
    out.text(FULL_B);
    out.json(turns[i].right?.content ?? "");
    out.text(`${TEXT_END}}`);
  }
}

/** As pandas prints a UTC timestamp and the public set shows it: "2025-04-24 19:59:40.373". */
export const publicTimestamp = (d: Date): string => d.toISOString().replace("T", " ").replace("Z", "");

function writeRows(vote: ExportVote, opts: FormatOptions, out: RowSink): number {
  const s = toScreenOrder(vote);
  out.text(
    `{"id":${str(vote.battleId)},"model_a":${str(s.left)},"model_b":${str(s.right)},` +
      `"winner":${WINNER_JSON[s.winner]},"evaluation_session_id":${str(vote.sessionId)},` +
      `"evaluation_order":${JSON.stringify(vote.evaluationOrder)},"conversation_a":[`,
  );
  writeConversation(s.turns, "left", out);
  out.text(`],"conversation_b":[`);
  writeConversation(s.turns, "right", out);
  out.text(`],"full_conversation":[`);
  writeFullConversation(s.turns, out);
  let tail =
    `],"conv_metadata":${vote.convMetadata ?? convMetadataJson(s.turns)},` +
    // lmarena's keys (criteria_v0.1, if_v0.1, math_v0.1, creative_writing_v0.1) when labelled, then ours.
    `"category_tag":{${vote.promptLabels ? `${vote.promptLabels.slice(1, -1)},` : ""}"${CATEGORY_TAG_KEY}":{"tags":${JSON.stringify(vote.categoryTags)}}},` +
    `"language":${str(languageCode(vote.categoryTags) ?? "unknown")},` +
    `"is_code":${vote.categoryTags.includes("code")},"timestamp":${str(publicTimestamp(vote.votedAt))}`;
  if (vote.explanation) tail += explanationKeys(vote);
  if (opts.includeExcluded) tail += `,"exclusion_reason":${str(vote.exclusionReason)}`;
  out.text(`${tail}}`);
  out.endRow();
  return 1;
}

export const arena140k: ExportFormat = {
  id: "arena140k",
  label: "Arena 140k style (JSONL)",
  summary: "lmarena's arena-human-preference-140k layout, with markdown/length style features per side.",
  contentType: "application/x-ndjson; charset=utf-8",
  extension: "jsonl",
  eol: "\n",
  header: () => null,
  rows: rowsOf(writeRows),
  writeRows,
  readsConvMetadata: true,
  readsSessions: true,
  schema: [
    { field: "id", description: "battle id (UUID); the same id in every format" },
    ...MODEL_DOCS,
    { field: "winner", description: "`model_a` | `model_b` | `tie` | `both_bad`" },
    {
      field: "evaluation_session_id",
      description:
        "keyed pseudonym (32 hex digits) of the voting session: one voter's votes with no gap over 30 minutes",
    },
    { field: "evaluation_order", description: "1-based position of this vote within its session, by time" },
    {
      field: "conversation_a",
      description: '`[{role, content: [{type: "text", text, image: null, mimeType: null}]}]` for model_a',
    },
    { field: "conversation_b", description: "the same for model_b" },
    {
      field: "full_conversation",
      description:
        "one element a turn: `{user, model_side_a, model_side_b}`, each a message as in conversation_a/b",
    },
    {
      field: "conv_metadata",
      description:
        "`sum_assistant_{a,b}_tokens`, `header_count_{a,b}` {h1…h6}, `list_count_{a,b}` {ordered, unordered}, `bold_count_{a,b}` {`**`, `__`}, `context_{a,b}_tokens`, `sum_user_tokens`, `turns`",
    },
    { field: "category_tag", description: `\`{"${CATEGORY_TAG_KEY}": {"tags": [...]}}\`: our battle tags` },
    { field: "language", description: 'ISO 639-1 code of the prompt, or "unknown"' },
    {
      field: "vote_reasons",
      description:
        "only when the voter explained the vote: reason chips picked after voting, with `vote_rationale` (their one-line why, contact details masked, or null)",
    },
    CRITERIA_DOC,
    { field: "is_code", description: "the battle carries the `code` tag" },
    {
      field: "timestamp",
      description: 'time of the vote, UTC, as the public set prints it: "2026-03-01 12:00:00.250"',
    },
    EXCLUSION_DOC,
  ],
  notes: [
    "Token counts are cl100k_base. Markdown counts follow FastChat's add_markdown_info.py exactly: code blocks are removed as its regular expression does it (each block's inner text, wherever it occurs; the fences stay), then `^#{n}\\s` headers, `^\\s*\\d+\\.\\s` / `^\\s*[-*+]\\s` list items and `**x**` / `__x__` bold spans are counted over the joined assistant turns.",
    "`context_{a,b}_tokens` counts everything the model was given before its final answer (user turns and its own earlier answers).",
    "Our battles are separate conversations, so `full_conversation` holds this battle's turns only (in lmarena's set a session can continue one conversation across votes).",
  ],
};
