import { toScreenOrder } from "../conversation";
import type { ExportVote, FormatOptions } from "../types";
import { EXCLUSION_DOC, EXPLANATION_OPT_IN_DOCS, type ExportFormat, jsonLine } from "./format";

// Preference-tuning rows in TRL's dataset formats (huggingface/trl
// docs/source/dataset_formats.md): "conversational" by default — `prompt` a list of
// {role, content} messages and each completion a list holding the assistant's
// message, so the trainer applies the model's chat template — or "standard" (plain
// strings) with trl_format=standard. Only single-turn battles give
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

const userTurn = (content: string) => [{ role: "user", content }];
const answer = (content: string) => [{ role: "assistant", content }];

/** Prompt and completion as TRL's conversational format has them, or as plain strings. */
function trl(opts: FormatOptions) {
  return opts.plainStrings
    ? { prompt: (s: string) => s, completion: (s: string) => s }
    : { prompt: userTurn, completion: answer };
}

const EXPLANATION_NOTE =
  "Rows carry exactly TRL's keys by default. `explanations=true` adds `vote_reasons`, `vote_rationale` and `vote_criteria` to every row (null where the voter gave none): always present, so a loader that infers the columns from the first rows (Hugging Face `datasets`) sees them all; TRL's trainers read only their own keys. Both rows of a KTO pair carry the same explanation (it is about the battle).";

const CONVERSATIONAL_NOTE =
  'Conversational by default (TRL\'s format for chat models: `prompt` is `[{role: "user", content}]`, each completion `[{role: "assistant", content}]`, so the trainer applies the chat template); `trl_format=standard` gives plain strings.';

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
    const t = trl(opts);
    return [
      jsonLine(
        { prompt: t.prompt(b.prompt), chosen: t.completion(chosen), rejected: t.completion(rejected) },
        vote,
        opts,
      ),
    ];
  },
  schema: [
    { field: "prompt", description: 'the user\'s prompt (`[{role: "user", content}]`, or a string)' },
    {
      field: "chosen",
      description: 'the answer the voter preferred (`[{role: "assistant", content}]`, or a string)',
    },
    { field: "rejected", description: "the other answer, in the same form" },
    ...EXPLANATION_OPT_IN_DOCS,
    EXCLUSION_DOC,
  ],
  card: { taskCategories: ["text-generation"], tags: ["dpo", "trl", "preference"] },
  notes: [
    CONVERSATIONAL_NOTE,
    EXPLANATION_NOTE,
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
    const t = trl(opts);
    const row = (completion: string, label: boolean) =>
      jsonLine({ prompt: t.prompt(b.prompt), completion: t.completion(completion), label }, vote, opts);
    if (b.winner === "both_bad") return [row(b.left, false), row(b.right, false)];
    const [won, lost] = b.winner === "left" ? [b.left, b.right] : [b.right, b.left];
    return [row(won, true), row(lost, false)];
  },
  schema: [
    { field: "prompt", description: 'the user\'s prompt (`[{role: "user", content}]`, or a string)' },
    {
      field: "completion",
      description: 'one model\'s answer (`[{role: "assistant", content}]`, or a string)',
    },
    {
      field: "label",
      description: "true = desirable (it won), false = undesirable (it lost, or both were bad)",
    },
    ...EXPLANATION_OPT_IN_DOCS,
    EXCLUSION_DOC,
  ],
  card: { taskCategories: ["text-generation"], tags: ["kto", "trl", "preference"] },
  notes: [
    CONVERSATIONAL_NOTE,
    EXPLANATION_NOTE,
    "A win gives a desirable row for the winner then an undesirable one for the loser; both-bad gives two undesirable rows; a tie gives none (it is relative, not a judgement of quality).",
    "Multi-turn battles give no rows (the two conversations share no single prompt).",
  ],
};
