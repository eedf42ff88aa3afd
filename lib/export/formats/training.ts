import { toScreenOrder } from "../conversation";
import type { ExportVote } from "../types";
import { EXCLUSION_DOC, type ExportFormat, jsonLine } from "./format";

// Preference-tuning rows in TRL's plain-text layout. Only single-turn battles give
// rows: after the first turn each model answered a conversation that contains its
// own earlier replies, so there is no one "prompt" both completions share.
//
// DPO needs a preferred and a dispreferred answer, so only decisive votes give a row.
// KTO needs absolute labels: the winner is desirable and the loser undesirable;
// "both are bad" makes both undesirable. A tie gives no row: it says the answers are
// alike, not whether either is good, and voters who found both poor had the explicit
// "both bad" button.

function singleTurn(vote: ExportVote) {
  if (vote.turns.length !== 1) return null;
  const s = toScreenOrder(vote);
  const t = s.turns[0];
  if (!t.left || !t.right) return null;
  return { winner: s.winner, prompt: t.user.content, left: t.left.content, right: t.right.content };
}

export const dpo: ExportFormat = {
  id: "dpo",
  label: "DPO pairs (JSONL)",
  summary: "`{prompt, chosen, rejected}` from decisive single-turn votes, for DPO-style preference tuning.",
  contentType: "application/x-ndjson; charset=utf-8",
  extension: "jsonl",
  eol: "\n",
  header: () => null,
  rows(vote, opts) {
    const b = singleTurn(vote);
    if (!b || (b.winner !== "left" && b.winner !== "right")) return [];
    const [chosen, rejected] = b.winner === "left" ? [b.left, b.right] : [b.right, b.left];
    return [jsonLine({ prompt: b.prompt, chosen, rejected }, vote, opts)];
  },
  schema: [
    { field: "prompt", description: "the user's prompt" },
    { field: "chosen", description: "the answer the voter preferred" },
    { field: "rejected", description: "the other answer" },
    EXCLUSION_DOC,
  ],
  notes: [
    "Ties and both-bad votes give no row; nor do multi-turn battles (the two conversations share no single prompt).",
  ],
};

export const kto: ExportFormat = {
  id: "kto",
  label: "KTO rows (JSONL)",
  summary: "`{prompt, completion, label}` with absolute labels, for KTO-style tuning.",
  contentType: "application/x-ndjson; charset=utf-8",
  extension: "jsonl",
  eol: "\n",
  header: () => null,
  rows(vote, opts) {
    const b = singleTurn(vote);
    if (!b || b.winner === "tie") return [];
    const row = (completion: string, label: boolean) =>
      jsonLine({ prompt: b.prompt, completion, label }, vote, opts);
    if (b.winner === "both_bad") return [row(b.left, false), row(b.right, false)];
    const [won, lost] = b.winner === "left" ? [b.left, b.right] : [b.right, b.left];
    return [row(won, true), row(lost, false)];
  },
  schema: [
    { field: "prompt", description: "the user's prompt" },
    { field: "completion", description: "one model's answer" },
    {
      field: "label",
      description: "true = desirable (it won), false = undesirable (it lost, or both were bad)",
    },
    EXCLUSION_DOC,
  ],
  notes: [
    "A win gives a desirable row for the winner then an undesirable one for the loser; both-bad gives two undesirable rows; a tie gives none (it is relative, not a judgement of quality).",
    "Multi-turn battles give no rows (the two conversations share no single prompt).",
  ],
};
