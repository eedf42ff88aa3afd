import type { ScreenSide, VoteChoice } from "@/lib/arena/sides";
import { convMetadataJson } from "../conv-metadata";
import {
  languageCode,
  languageName,
  type ScreenTurn,
  tokensOf,
  toScreenOrder,
  unixSeconds,
} from "../conversation";
import type { ExportMessage, ExportVote, FormatOptions } from "../types";
import {
  CRITERIA_DOC,
  EXCLUSION_DOC,
  type ExportFormat,
  explanationKeys,
  type FieldDoc,
  MODEL_DOCS,
  type RowSink,
  rowsOf,
} from "./format";

// FastChat's cleaned-battle records (fastchat/serve/monitor/clean_battle_data.py),
// keys in FastChat's order, then the columns its later releases added and its
// analysis reads: `conv_metadata` (style control, rating_systems.py) and, where we
// compute them, `category_tag` and `dedup_tag`. FastChat writes the file with
// json.dump — one JSON array — and elo_analysis.py reads it with pd.read_json, which
// refuses JSON Lines; so `fastchat` is an array (one battle a line inside it), and
// `fastchat_jsonl` the same rows as JSON Lines for line-oriented tools.

export const FASTCHAT_WINNER = {
  left: "model_a",
  right: "model_b",
  tie: "tie",
  both_bad: "tie (bothbad)",
} as const satisfies Record<VoteChoice, string>;

const str = JSON.stringify as (s: string | null) => string;

function writeMessage(role: "user" | "assistant", m: ExportMessage | null, first: boolean, out: RowSink) {
  out.text(`${first ? "" : ","}{"role":"${role}","content":`);
  out.json(m?.content ?? "");
  out.text(`,"num_tokens":${tokensOf(m)}}`);
}

function writeConversation(turns: ScreenTurn[], side: ScreenSide, out: RowSink): void {
  for (let i = 0; i < turns.length; i++) {
    writeMessage("user", turns[i].user, i === 0, out);
    writeMessage("assistant", turns[i][side], false, out);
  }
}

function writeRows(vote: ExportVote, opts: FormatOptions, out: RowSink): number {
  const s = toScreenOrder(vote);
  out.text(
    `{"question_id":${str(vote.battleId)},"model_a":${str(s.left)},"model_b":${str(s.right)},` +
      `"winner":${str(FASTCHAT_WINNER[s.winner])},"judge":${str(vote.judge)},"conversation_a":[`,
  );
  writeConversation(s.turns, "left", out);
  out.text(`],"conversation_b":[`);
  writeConversation(s.turns, "right", out);
  let tail =
    `],"turn":${s.turns.length},"anony":${vote.mode !== "named"},` +
    `"language":${str(languageName(languageCode(vote.categoryTags)))},"tstamp":${unixSeconds(vote.votedAt)},` +
    `"conv_metadata":${vote.convMetadata ?? convMetadataJson(s.turns)}`;
  // FastChat's category_tag, where the LLM labeller has labelled the prompt.
  if (vote.promptLabels) tail += `,"category_tag":${vote.promptLabels}`;
  if (vote.dedupTag) {
    tail += `,"dedup_tag":{"high_freq":${vote.dedupTag.highFreq},"sampled":${vote.dedupTag.sampled}}`;
  }
  if (vote.explanation) tail += explanationKeys(vote);
  if (opts.includeExcluded) tail += `,"exclusion_reason":${str(vote.exclusionReason)}`;
  out.text(`${tail}}`);
  out.endRow();
  return 1;
}

const SCHEMA: FieldDoc[] = [
  { field: "question_id", description: "battle id (UUID); the same id in every format" },
  ...MODEL_DOCS,
  { field: "winner", description: "`model_a` | `model_b` | `tie` | `tie (bothbad)`" },
  { field: "judge", description: "keyed pseudonym of the voter (32 hex digits)" },
  {
    field: "conversation_a",
    description: "`[{role, content, num_tokens}]`, user and assistant turns as model_a's side showed them",
  },
  { field: "conversation_b", description: "the same for model_b" },
  { field: "turn", description: "number of user turns" },
  { field: "anony", description: "true unless the voter chose the models (named battle)" },
  { field: "language", description: 'language of the prompt in English ("English"), or "unknown"' },
  { field: "tstamp", description: "time of the vote, seconds since 1970-01-01 UTC (fractional)" },
  {
    field: "conv_metadata",
    description:
      "style-control counts as FastChat's rating_systems.py reads them: `sum_assistant_{a,b}_tokens`, `header_count_{a,b}` {h1…h6}, `list_count_{a,b}` {ordered, unordered}, `bold_count_{a,b}` {`**`, `__`}, `context_{a,b}_tokens`, `sum_user_tokens`, `turns`",
  },
  {
    field: "category_tag",
    description:
      'only for a prompt the LLM labeller (`npm run label:prompts`) has labelled: lmarena\'s keys, `{"criteria_v0.1": {7 booleans}, "if_v0.1": {if, score}, "math_v0.1": {math}, "creative_writing_v0.1": {creative_writing, score}}`',
  },
  {
    field: "vote_reasons",
    description:
      "only when the voter explained the vote: the reason chips picked after voting (correct, helpful, clear, concise, creative about the preferred answer; incorrect, too_long, refused, unsafe about the other), with `vote_rationale`, their one-line why (contact details masked) or null",
  },
  CRITERIA_DOC,
  {
    field: "dedup_tag",
    description:
      "`{high_freq, sampled}` as FastChat's deduplication.py sets it: `high_freq` when the prompt (the user turns) occurs in this dump more often than the 99.99th percentile of per-prompt counts; of each such prompt's battles, that percentile's count (rounded down) are `sampled`. Every other battle is `{high_freq: false, sampled: true}`; filter on `sampled` to drop the excess repeats",
  },
  EXCLUSION_DOC,
];

const NOTES = [
  "`dedup_tag` is computed over the rows of this dump (its filters decide which prompts are frequent), from the prompt text as stored; which battles of a frequent prompt are `sampled` is a deterministic choice by a hash of the battle id (FastChat draws with pandas' random_state=42, which depends on its file's row order).",
  "`num_tokens` and every count in `conv_metadata` are cl100k_base tokens (FastChat's tokenizer), the same scale for both sides; providers' own counts are not mixed in.",
];

const common = {
  header: () => null,
  rows: rowsOf(writeRows),
  writeRows,
  readsConvMetadata: true,
  readsDedup: true,
  schema: SCHEMA,
  notes: NOTES,
} satisfies Partial<ExportFormat>;

export const fastchat: ExportFormat = {
  ...common,
  id: "fastchat",
  label: "FastChat battles (JSON array)",
  summary:
    "Chatbot Arena's cleaned-battle file as FastChat writes it (one JSON array): FastChat's elo_analysis.py (`pd.read_json`), its style control and our `npm run ratings` read it.",
  contentType: "application/json; charset=utf-8",
  extension: "json",
  eol: "",
  framing: { open: "[\n", separator: ",\n", close: "\n]\n" },
};

export const fastchatJsonl: ExportFormat = {
  ...common,
  id: "fastchat_jsonl",
  label: "FastChat battles (JSON Lines)",
  summary:
    "The same rows as `fastchat`, one JSON object per line (for `jq`, `pd.read_json(lines=True)` and line-by-line tools); `npm run ratings` reads it too.",
  contentType: "application/x-ndjson; charset=utf-8",
  extension: "jsonl",
  eol: "\n",
};
