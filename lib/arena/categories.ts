// Category tags are computed once, when a battle is created, so a leaderboard
// category is a plain filter on battles (`category_tags @> ARRAY[tag]`).

const LONG_PROMPT_WORDS = 100;

export interface PromptFacts {
  text: string;
  language?: string | null;
  category?: string | null;
  corpusName?: string | null;
}

export function categoryTagsFor(p: PromptFacts): string[] {
  const tags = new Set<string>();
  if (p.corpusName) tags.add(`corpus:${p.corpusName}`);
  if (p.language) tags.add(`lang:${p.language.toLowerCase()}`);
  if (p.category === "code" || /```|\bfunction\b|\bdef\s+\w+\(|\bSELECT\b.+\bFROM\b/s.test(p.text))
    tags.add("code");
  if (p.text.trim().split(/\s+/).length > LONG_PROMPT_WORDS) tags.add("long_prompt");
  return [...tags].sort();
}

export const CATEGORY_LABELS: Record<string, string> = {
  overall: "Overall",
  code: "Coding",
  long_prompt: "Long prompts",
  multi_turn: "Multi-turn",
  // Given by the LLM prompt labeller (lib/labels), FastChat's categories.
  hard_prompt: "Hard prompts",
  instruction_following: "Instruction following",
  math: "Math",
  creative_writing: "Creative writing",
};

export function categoryLabel(tag: string): string {
  if (CATEGORY_LABELS[tag]) return CATEGORY_LABELS[tag];
  if (tag.startsWith("lang:")) return `Language: ${tag.slice(5)}`;
  if (tag.startsWith("corpus:")) return `Corpus: ${tag.slice(7)}`;
  return tag;
}
