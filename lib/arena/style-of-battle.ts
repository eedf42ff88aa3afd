import { cl100kTokens } from "@/lib/text-features/cl100k";
import { countMarkdown, markdownTotals } from "@/lib/text-features/markdown";

/** The four covariates of the field's style control, per side: [model A, model B]. */
export interface BattleStyleFeatures {
  sum_assistant_tokens: [number, number];
  header_count: [number, number];
  list_count: [number, number];
  bold_count: [number, number];
}

export const STYLE_FEATURES = ["sum_assistant_tokens", "header_count", "list_count", "bold_count"] as const;

/**
 * Style counts over each side's assistant answers (the final attempt of every turn),
 * measured the way lmarena's add_markdown_info does, stored with the vote so style
 * control never has to re-read message text.
 */
export function styleFeaturesOf(answers: { a: string[]; b: string[] }): BattleStyleFeatures {
  const side = (texts: string[]) => {
    const md = markdownTotals(countMarkdown(texts.join("\n")));
    const tokens = texts.reduce((s, t) => s + cl100kTokens(t), 0);
    return { tokens, ...md };
  };
  const a = side(answers.a);
  const b = side(answers.b);
  return {
    sum_assistant_tokens: [a.tokens, b.tokens],
    header_count: [a.headers, b.headers],
    list_count: [a.lists, b.lists],
    bold_count: [a.bold, b.bold],
  };
}
