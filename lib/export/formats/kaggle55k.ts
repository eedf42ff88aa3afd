import { isNoWinner } from "@/lib/arena/sides";
import { toScreenOrder } from "../conversation";
import { csvRow } from "../csv";
import {
  EXCLUSION_DOC,
  EXPLANATION_COLUMNS,
  EXPLANATION_OPT_IN_DOCS,
  type ExportFormat,
  explanationValues,
  MODEL_DOCS,
} from "./format";

// The CSV of Kaggle's "LMSYS – Chatbot Arena Human Preference Predictions"
// (lmsys-arena-human-preference-55k): one row per battle, each text column a
// JSON-encoded list of strings (one per turn), one-hot winner columns.
// That set has no both-bad column: its both-bad votes are folded into
// winner_tie = 1, and so are ours, so models trained on it read our file unchanged.

const COLUMNS = [
  "id",
  "model_a",
  "model_b",
  "prompt",
  "response_a",
  "response_b",
  "winner_model_a",
  "winner_model_b",
  "winner_tie",
];

export const kaggle55k: ExportFormat = {
  id: "kaggle55k",
  label: "Kaggle 55k style (CSV)",
  summary: "The Kaggle human-preference competition CSV: JSON lists of turns, one-hot winner columns.",
  contentType: "text/csv; charset=utf-8",
  extension: "csv",
  eol: "\r\n",
  header: (opts) =>
    csvRow([
      ...COLUMNS,
      ...(opts.explanations ? EXPLANATION_COLUMNS : []),
      ...(opts.includeExcluded ? ["exclusion_reason"] : []),
    ]),
  rows(vote, opts) {
    const s = toScreenOrder(vote);
    const cells: (string | number | null)[] = [
      vote.battleNumber,
      s.left,
      s.right,
      JSON.stringify(s.turns.map((t) => t.user.content)),
      JSON.stringify(s.turns.map((t) => t.left?.content ?? null)),
      JSON.stringify(s.turns.map((t) => t.right?.content ?? null)),
      s.winner === "left" ? 1 : 0,
      s.winner === "right" ? 1 : 0,
      isNoWinner(s.winner) ? 1 : 0,
    ];
    if (opts.explanations) {
      // Lists and objects as JSON text, like the prompt and response cells; empty where none.
      const e = explanationValues(vote);
      cells.push(
        e.vote_reasons && JSON.stringify(e.vote_reasons),
        e.vote_rationale,
        e.vote_criteria && JSON.stringify(e.vote_criteria),
      );
    }
    if (opts.includeExcluded) cells.push(vote.exclusionReason);
    return [csvRow(cells)];
  },
  schema: [
    {
      field: "id",
      description: "the battle's integer number (the Kaggle set's ids are integers); stable across dumps",
    },
    ...MODEL_DOCS,
    { field: "prompt", description: 'JSON list of the user turns, e.g. `["Hi"]`' },
    { field: "response_a", description: "JSON list of model_a's answers, one per turn" },
    { field: "response_b", description: "JSON list of model_b's answers, one per turn" },
    { field: "winner_model_a", description: "1 if model_a won, else 0" },
    { field: "winner_model_b", description: "1 if model_b won, else 0" },
    { field: "winner_tie", description: "1 for a tie or a both-bad vote (as in the Kaggle set), else 0" },
    ...EXPLANATION_OPT_IN_DOCS,
    { ...EXCLUSION_DOC, description: `${EXCLUSION_DOC.description}; an extra last column` },
  ],
  notes: [
    "RFC 4180 CSV, UTF-8, CRLF line ends; fields with commas, quotes or newlines are quoted and quotes doubled.",
    "The voter's reasons, why and per-criterion answers are left out by default, so the header is exactly the Kaggle set's; `explanations=true` adds them as three extra columns (JSON text in `vote_reasons` and `vote_criteria`, empty where the voter gave none), which readers that select the Kaggle columns by name never see.",
    "Both-bad votes are folded into `winner_tie` because the Kaggle set has no separate column; use the FastChat or 140k format to tell them apart.",
  ],
};
