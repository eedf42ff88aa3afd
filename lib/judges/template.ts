// Judge prompt templates: a default one (MT-bench's pairwise prompt, with "both bad"
// added because the arena's voters have that choice) and the rendering of a battle into
// it. "A" in a template is always the answer shown first; the job swaps the answers for
// the second order.

export interface JudgeTemplateText {
  systemPrompt: string;
  userTemplate: string;
}

export const DEFAULT_TEMPLATE_NAME = "pairwise-default";

export const DEFAULT_TEMPLATE: JudgeTemplateText = {
  systemPrompt: [
    "Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to the user question displayed below.",
    "You should choose the assistant that follows the user's instructions and answers the user's question better.",
    "Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of their responses.",
    "Begin your evaluation by comparing the two responses and provide a short explanation.",
    "Avoid any position biases and ensure that the order in which the responses were presented does not influence your decision.",
    "Do not allow the length of the responses to influence your evaluation. Do not favor certain names of the assistants. Be as objective as possible.",
    'After providing your explanation, output your final verdict by strictly following this format: "[[A]]" if assistant A is better, "[[B]]" if assistant B is better, "[[TIE]]" for a tie, and "[[BOTH_BAD]]" if both responses are bad.',
  ].join(" "),
  userTemplate: [
    "[User Question]",
    "{question}",
    "",
    "[The Start of Assistant A's Answer]",
    "{answer_a}",
    "[The End of Assistant A's Answer]",
    "",
    "[The Start of Assistant B's Answer]",
    "{answer_b}",
    "[The End of Assistant B's Answer]",
  ].join("\n"),
};

export const PLACEHOLDERS = ["{question}", "{answer_a}", "{answer_b}"] as const;

/** Why a template cannot be used, or null. */
export function templateProblem(t: JudgeTemplateText): string | null {
  const missing = PLACEHOLDERS.filter((p) => !t.userTemplate.includes(p));
  if (missing.length > 0) return `the user template must contain ${missing.join(", ")}`;
  if (t.userTemplate.length > 20_000 || t.systemPrompt.length > 20_000) return "a template is too long";
  return null;
}

export interface BattleTurn {
  prompt: string;
  a: string;
  b: string;
}

function transcript(turns: BattleTurn[], side: "a" | "b"): string {
  if (turns.length === 1) return turns[0][side];
  return turns.map((t) => `### User:\n${t.prompt}\n\n### Assistant:\n${t[side]}`).join("\n\n");
}

/**
 * The user message for one order. One pass over the template, so an answer that
 * happens to contain "{answer_b}" is not substituted again.
 */
export function renderJudgePrompt(template: string, turns: BattleTurn[], firstSide: "a" | "b"): string {
  const second = firstSide === "a" ? "b" : "a";
  const values: Record<string, string> = {
    "{question}": turns.length === 1 ? turns[0].prompt : turns.map((t) => t.prompt).join("\n\n"),
    "{answer_a}": transcript(turns, firstSide),
    "{answer_b}": transcript(turns, second),
  };
  return template.replace(/\{question\}|\{answer_a\}|\{answer_b\}/g, (m) => values[m]);
}
