import {
  languageCode,
  languageName,
  type ScreenTurn,
  tokensOf,
  toScreenOrder,
  unixSeconds,
} from "../conversation";
import type { ExportMessage } from "../types";
import { EXCLUSION_DOC, type ExportFormat, jsonLine } from "./format";

// FastChat's cleaned-battle records (fastchat/serve/monitor/clean_battle_data.py),
// one JSON object per line, keys in FastChat's order.

export const FASTCHAT_WINNER = {
  left: "model_a",
  right: "model_b",
  tie: "tie",
  both_bad: "tie (bothbad)",
} as const;

type Side = "left" | "right";

function message(role: "user" | "assistant", m: ExportMessage | null) {
  return { role, content: m?.content ?? "", num_tokens: tokensOf(m) };
}

export function fastchatConversation(turns: ScreenTurn[], side: Side) {
  return turns.flatMap((t) => [message("user", t.user), message("assistant", t[side])]);
}

export const fastchat: ExportFormat = {
  id: "fastchat",
  label: "FastChat battles (JSONL)",
  summary:
    "Chatbot Arena's cleaned-battle records: FastChat's elo_analysis.py and our `npm run ratings` read them.",
  contentType: "application/x-ndjson; charset=utf-8",
  extension: "jsonl",
  eol: "\n",
  header: () => null,
  rows(vote, opts) {
    const s = toScreenOrder(vote);
    return [
      jsonLine(
        {
          question_id: vote.battleId,
          model_a: s.left,
          model_b: s.right,
          winner: FASTCHAT_WINNER[s.winner],
          judge: vote.judge,
          conversation_a: fastchatConversation(s.turns, "left"),
          conversation_b: fastchatConversation(s.turns, "right"),
          turn: s.turns.length,
          anony: vote.mode !== "named",
          language: languageName(languageCode(vote.categoryTags)),
          tstamp: unixSeconds(vote.votedAt),
        },
        vote,
        opts,
      ),
    ];
  },
  schema: [
    { field: "question_id", description: "battle id (UUID); the same id in every format" },
    { field: "model_a", description: "slug of the model shown on the LEFT" },
    { field: "model_b", description: "slug of the model shown on the right" },
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
    EXCLUSION_DOC,
  ],
  notes: [
    "`num_tokens` is the provider's count when it reported one, else an estimate (within ~20% of BPE counts).",
  ],
};
