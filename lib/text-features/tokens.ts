import { estimateTokens } from "@/lib/corpus/text";

// The corpus importer's token estimate (lib/corpus/text.ts), computed without its
// Unicode-property regular expression when the text is plain ASCII: exports call it
// for every prompt without a stored count, and the regex was a tenth of the export's
// CPU time. Any non-ASCII character hands the whole text to the original, so the
// two always agree (tokens.test.ts checks this on random text).

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
// JavaScript's \s within ASCII: tab, LF, VT, FF, CR and space.
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

export function estimateTokensFast(text: string): number {
  let n = 0;
  let i = 0;
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c >= 128) return estimateTokens(text);
    if (isLetter(c)) {
      let j = i + 1;
      while (j < len && isLetter(text.charCodeAt(j))) j++;
      const run = j - i;
      n += run > 8 ? 1 + Math.ceil((run - 8) / 6) : 1;
      i = j;
    } else if (isDigit(c)) {
      let j = i + 1;
      while (j < len && j - i < 3 && isDigit(text.charCodeAt(j))) j++;
      n++;
      i = j;
    } else {
      if (!isSpace(c)) n++;
      i++;
    }
  }
  return n;
}
