import { createHash } from "node:crypto";

/**
 * A prompt's key inside its corpus when the file gives no id: the first 16 hex
 * digits of the sha256 of the exact UTF-8 prompt text (no trimming or
 * normalisation), so AlpacaEval's per-model files pair up on the same prompts.
 */
export function promptExternalId(prompt: string): string {
  return createHash("sha256").update(prompt, "utf8").digest("hex").slice(0, 16);
}

// CJK characters are roughly one token each; a letter run of up to 8 letters one
// token and one more per further 6 letters (rare long words split); digits in groups of up to 3 (as GPT
// tokenizers do); each punctuation mark one. Within ~20% of BPE counts on English
// prose, which is all the length/style diagnostics need.
const TOKEN_RE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|\p{L}+|\p{N}{1,3}|[^\s\p{L}\p{N}]/gu;

/** Approximate token count of a response (no tokenizer dependency). */
export function estimateTokens(text: string): number {
  let n = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    const len = m[0].length;
    n += len > 8 ? 1 + Math.ceil((len - 8) / 6) : 1;
  }
  return n;
}

const SCRIPTS: [RegExp, string][] = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, "ja"],
  [/\p{Script=Hangul}/gu, "ko"],
  [/\p{Script=Han}/gu, "zh"],
  [/\p{Script=Cyrillic}/gu, "ru"],
  [/\p{Script=Arabic}/gu, "ar"],
  [/\p{Script=Greek}/gu, "el"],
  [/\p{Script=Hebrew}/gu, "he"],
  [/\p{Script=Devanagari}/gu, "hi"],
  [/\p{Script=Thai}/gu, "th"],
];

const STOPWORDS: Record<string, Set<string>> = Object.fromEntries(
  Object.entries({
    en: "the a an and or but is are was were be been of to in on at by for from with about as into than that this these those it its what which who whose when where why how you your i me my we our they them their he him his she her there here do does did have has had can could would should will may might must not no if so any some all more most other such only also very just please write give make tell explain create describe help",
    es: "el la los las que y en es por para con una un cómo qué del se al son escribe puedes mi",
    fr: "le la les des est et une un que pour dans du vous je ce qui pas sur au avec comment écris",
    de: "der die das und ist nicht ein eine ich zu mit den von wie was für auf sie es du bitte",
    it: "il la di che è e un una per non sono con come del della gli le cosa mi puoi",
    pt: "o a os as de que e é um uma para com não do da em como você por no na isso ele ela",
    nl: "de het een en van is dat niet ik je op met voor zijn wat hoe er",
  }).map(([lang, words]) => [lang, new Set(words.split(" "))]),
);

/**
 * Crude language guess for a prompt: the dominant non-Latin script, else the
 * Latin-script language with at least twice the stopwords of any other; null
 * when unsure.
 */
export function detectLanguage(text: string): string | null {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return null;
  for (const [re, lang] of SCRIPTS) {
    const count = text.match(re)?.length ?? 0;
    // Japanese mixes kana with Han; any notable kana means Japanese.
    if (count / letters > (lang === "ja" ? 0.1 : 0.3)) return lang;
  }
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const scores = Object.entries(STOPWORDS)
    .map(([lang, set]) => [lang, words.filter((w) => set.has(w)).length] as const)
    .sort((a, b) => b[1] - a[1]);
  const [best, second] = scores;
  if (best[1] >= 1 && best[1] >= 2 * second[1]) return best[0];
  return null;
}
