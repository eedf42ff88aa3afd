// Answer traits the diagnostics fit as covariates next to the field's style features: how
// hedged the wording is, whether the answer refuses, how many links or citations it
// carries, and whether it is in the prompt's language. Crude on purpose (word lists and
// scripts, no model): they are measured once at vote time and must be cheap and stable.

const HEDGES = [
  "might",
  "may",
  "perhaps",
  "possibly",
  "probably",
  "likely",
  "unlikely",
  "could be",
  "it depends",
  "i think",
  "i believe",
  "i'm not sure",
  "i am not sure",
  "not entirely sure",
  "it seems",
  "seems to",
  "appears to",
  "generally",
  "typically",
  "in some cases",
  "to some extent",
  "arguably",
  "roughly",
  "approximately",
];
const HEDGE_RE = new RegExp(`\\b(?:${HEDGES.map((h) => h.replace(/'/g, "['’]")).join("|")})\\b`, "gi");

const REFUSAL_RE =
  /\b(?:i(?:['’]m| am) (?:sorry|afraid),? but i (?:can(?:no|['’])t|won['’]t|am unable|(?:['’]m )?not able)|i (?:can(?:no|['’])t|won['’]t|am unable to|(?:['’]m|am) not able to) (?:help|assist|provide|comply|do that|fulfil|fulfill|create|write|generate|share)|as an ai(?: language model)?,? i (?:can(?:no|['’])t|don['’]t|am not able)|i must (?:decline|refuse))/i;

const URL_RE = /\bhttps?:\/\/[^\s)<>\]]+/gi;
/** Numbered references like [1] or [12], and footnote markers [^1]. */
const CITE_RE = /\[\^?\d{1,3}\]/g;

/** Hedging words and phrases per 100 words (0 for an empty answer). */
export function hedgeRate(text: string): number {
  const words = text.match(/\p{L}+/gu)?.length ?? 0;
  if (words === 0) return 0;
  return ((text.match(HEDGE_RE)?.length ?? 0) * 100) / words;
}

/** 1 when the answer opens (first 400 characters) with a refusal, else 0. */
export function isRefusal(text: string): 0 | 1 {
  return REFUSAL_RE.test(text.slice(0, 400)) ? 1 : 0;
}

/** URLs plus numbered citation markers. */
export function linkCount(text: string): number {
  return (text.match(URL_RE)?.length ?? 0) + (text.match(CITE_RE)?.length ?? 0);
}

const SCRIPTS: [string, RegExp][] = [
  ["cjk", /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu],
  ["hangul", /\p{Script=Hangul}/gu],
  ["cyrillic", /\p{Script=Cyrillic}/gu],
  ["arabic", /\p{Script=Arabic}/gu],
  ["devanagari", /\p{Script=Devanagari}/gu],
  ["greek", /\p{Script=Greek}/gu],
  ["hebrew", /\p{Script=Hebrew}/gu],
  ["thai", /\p{Script=Thai}/gu],
  ["latin", /\p{Script=Latin}/gu],
];

const STOPWORDS: Record<string, string[]> = {
  en: [
    "the",
    "and",
    "is",
    "of",
    "to",
    "in",
    "that",
    "it",
    "you",
    "for",
    "with",
    "what",
    "this",
    "are",
    "how",
  ],
  es: ["el", "la", "que", "de", "y", "en", "los", "es", "por", "las", "una", "para", "con", "del", "cómo"],
  fr: ["le", "la", "les", "et", "est", "de", "des", "un", "une", "que", "pour", "dans", "pas", "vous", "je"],
  de: [
    "der",
    "die",
    "und",
    "das",
    "ist",
    "nicht",
    "ich",
    "zu",
    "ein",
    "eine",
    "mit",
    "sie",
    "den",
    "wie",
    "was",
  ],
  pt: ["o", "a", "que", "de", "e", "não", "um", "uma", "para", "com", "os", "é", "do", "da", "como"],
  it: ["il", "che", "di", "e", "la", "non", "un", "una", "per", "è", "sono", "con", "del", "come", "gli"],
};

const STOPWORD_SETS = Object.entries(STOPWORDS).map(([code, list]) => [code, new Set(list)] as const);
// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * A coarse language label: the dominant script, and for Latin script the stop-word list with
 * the most hits ("latin" when none stands out). Null when the text has too few letters.
 */
export function roughLanguage(text: string): string | null {
  // Plain ASCII (most English text): the only script letters are Latin's [A-Za-z], so one
  // pass instead of nine Unicode-script matches that each build an array of every letter
  // (measured at every corpus deal: lib/battles/deal-corpus.ts).
  if (ASCII_ONLY.test(text)) {
    if (text.replace(/[^A-Za-z]+/g, "").length < 8) return null;
    return stopwordLanguage(text.toLowerCase().match(/[a-z]+/g) ?? []);
  }
  let best: string | null = null;
  let bestCount = 0;
  let letters = 0;
  for (const [name, re] of SCRIPTS) {
    const n = text.match(re)?.length ?? 0;
    letters += n;
    if (n > bestCount) {
      best = name;
      bestCount = n;
    }
  }
  if (letters < 8 || best === null) return null;
  if (best !== "latin") return best;
  return stopwordLanguage(text.toLowerCase().match(/\p{L}+/gu) ?? []);
}

/** The stop-word list with the most hits among Latin-script words, or "latin" below two. */
function stopwordLanguage(words: string[]): string {
  let lang = "latin";
  let top = 0;
  for (const [code, set] of STOPWORD_SETS) {
    let hits = 0;
    for (const w of words) if (set.has(w)) hits++;
    if (hits > top) {
      top = hits;
      lang = code;
    }
  }
  return top >= 2 ? lang : "latin";
}

/** 1 when the answer's language matches the prompt's (or either cannot be told), else 0. */
export function languageMatches(prompt: string, answer: string): 0 | 1 {
  const p = roughLanguage(prompt);
  const a = roughLanguage(answer);
  if (p === null || a === null || p === "latin" || a === "latin") return 1;
  return p === a ? 1 : 0;
}
