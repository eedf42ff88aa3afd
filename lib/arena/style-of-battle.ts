import { hedgeRate, isRefusal, languageMatches, linkCount } from "@/lib/text-features/answer-traits";
import { cl100kTokens } from "@/lib/text-features/cl100k";
import { countMarkdown, markdownTotals } from "@/lib/text-features/markdown";

/** The four covariates of the field's style control, per side: [model A, model B]. */
export interface BattleStyleFeatures {
  sum_assistant_tokens: [number, number];
  header_count: [number, number];
  list_count: [number, number];
  bold_count: [number, number];
  /** Answer traits (lib/text-features/answer-traits.ts); absent on votes cast before they were measured. */
  hedge_rate?: [number, number];
  refusal?: [number, number];
  link_count?: [number, number];
  language_match?: [number, number];
}

export const STYLE_FEATURES = ["sum_assistant_tokens", "header_count", "list_count", "bold_count"] as const;

/** Covariates beyond the field's style control, fitted by the diagnostics ("What wins"). */
export const TRAIT_FEATURES = ["hedge_rate", "refusal", "link_count", "language_match"] as const;

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

/**
 * Hedging (per 100 words over all turns), refusal (any turn opens with one), links and
 * citations (all turns) and whether the first answer is in the first prompt's language.
 */
export function answerTraitsOf(turns: {
  prompts: string[];
  a: string[];
  b: string[];
}): Required<Pick<BattleStyleFeatures, (typeof TRAIT_FEATURES)[number]>> {
  const side = (texts: string[]) => ({
    hedge: Math.round(hedgeRate(texts.join("\n")) * 100) / 100,
    refusal: texts.some((t) => isRefusal(t) === 1) ? 1 : 0,
    links: texts.reduce((s, t) => s + linkCount(t), 0),
    lang: languageMatches(turns.prompts[0] ?? "", texts[0] ?? ""),
  });
  const a = side(turns.a);
  const b = side(turns.b);
  return {
    hedge_rate: [a.hedge, b.hedge],
    refusal: [a.refusal, b.refusal],
    link_count: [a.links, b.links],
    language_match: [a.lang, b.lang],
  };
}
