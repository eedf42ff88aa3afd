// Markdown style counts exactly as FastChat's add_markdown_info.py computes them for
// the 140k dataset and for style control: code blocks are removed first, the way its
// regular expression with a capture group does it (removeCodeBlocks), then, with
// Python's re.MULTILINE semantics,
//   headers   ^#{n}\s            (n = 1…6, exactly n hashes)
//   ordered   ^\s*\d+\.\s
//   unordered ^\s*[-*+]\s
//   bold      \*\*[^*\n]+\*\*  and  __[^_\n]+__
// are counted. One pass over the lines instead of ten regular expressions (the
// exports count every answer); markdown.test.ts checks it against the
// regular expressions. Python's details are kept: `^` starts a line only after "\n",
// and `\s` / `\d` are Python's (Unicode) whitespace and digits.

export interface MarkdownCounts {
  header: { h1: number; h2: number; h3: number; h4: number; h5: number; h6: number };
  list: { ordered: number; unordered: number };
  bold: { "**": number; __: number };
}

const DIGIT = /\p{Nd}/u;

/** Python's str.isspace(), which is what `\s` means in a str pattern. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 48 && c <= 57;
  return DIGIT.test(text[i]);
}

interface Tally {
  h: number[];
  ordered: number;
  unordered: number;
  bold: number;
  under: number;
}

/** Non-overlapping matches of `MM[^M\n]+MM` (M = `marker`) starting in [from, to). */
function countSpans(text: string, marker: string, from: number, to: number): number {
  const m = marker.charCodeAt(0);
  const pair = marker + marker;
  let n = 0;
  let i = text.indexOf(pair, from);
  while (i !== -1 && i < to) {
    let j = i + 2;
    for (let c = text.charCodeAt(j); j < text.length && c !== m && c !== 10; c = text.charCodeAt(++j));
    if (j > i + 2 && text.charCodeAt(j) === m && text.charCodeAt(j + 1) === m) {
      n++;
      i = text.indexOf(pair, j + 2);
    } else {
      i = text.indexOf(pair, i + 1);
    }
  }
  return n;
}

/**
 * Header and list item of the line [start, end) of `text`; the character at `end`
 * is the line's "\n" (or nothing at the end of the text), which `\s` may match.
 */
function tallyLine(text: string, start: number, end: number, t: Tally): void {
  let k = 0;
  while (text.charCodeAt(start + k) === 35) k++;
  if (k >= 1 && k <= 6 && isSpace(text.charCodeAt(start + k))) t.h[k - 1]++;
  // `\s*` may run over blank lines, so only the first non-space character of a
  // line can start a list item (a blank line never holds one).
  let i = start;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  if (i < end && (c === 45 || c === 42 || c === 43)) {
    if (isSpace(text.charCodeAt(i + 1))) t.unordered++;
  } else if (i < end && isDigit(text, i)) {
    let j = i + 1;
    while (j < end && isDigit(text, j)) j++;
    if (text.charCodeAt(j) === 46 && isSpace(text.charCodeAt(j + 1))) t.ordered++;
  }
}

/** Whole lines [from, to) of `text`, `to` being just past a "\n". */
function tallyLines(text: string, from: number, to: number, t: Tally): void {
  for (let start = from; start < to; ) {
    const end = text.indexOf("\n", start);
    tallyLine(text, start, end, t);
    start = end + 1;
  }
  t.bold += countSpans(text, "*", from, to);
  t.under += countSpans(text, "_", from, to);
}

/** The text's last line, which has no "\n" after it. */
function tallyLastLine(line: string, t: Tally): void {
  tallyLine(line, 0, line.length, t);
  t.bold += countSpans(line, "*", 0, line.length);
  t.under += countSpans(line, "_", 0, line.length);
}

/**
 * What add_markdown_info.py's `remove_pattern(answer, re.compile("```([^`]*)```"))`
 * leaves, quirk included: `findall` returns the capture group — the text *between*
 * the fences — and each of those is then removed with `str.replace` wherever it
 * occurs. So the fences stay ("```x```" becomes "``````", which keeps the text
 * around it on one line), the block's text also disappears outside the block, and
 * an empty block removes nothing.
 */
export function removeCodeBlocks(text: string): string {
  const blocks: string[] = [];
  let i = text.indexOf("```");
  while (i !== -1) {
    // [^`]* stops at the first backtick, which must open the closing fence.
    const close = text.indexOf("`", i + 3);
    if (close !== -1 && text.startsWith("```", close)) {
      blocks.push(text.slice(i + 3, close));
      i = text.indexOf("```", close + 3);
    } else {
      i = text.indexOf("```", i + 1);
    }
  }
  let out = text;
  for (const block of blocks) if (block !== "") out = out.replaceAll(block, "");
  return out;
}

export function countMarkdown(markdown: string): MarkdownCounts {
  const t: Tally = { h: [0, 0, 0, 0, 0, 0], ordered: 0, unordered: 0, bold: 0, under: 0 };
  const text = markdown.includes("```") ? removeCodeBlocks(markdown) : markdown;
  const last = text.lastIndexOf("\n");
  tallyLines(text, 0, last + 1, t);
  tallyLastLine(text.slice(last + 1), t);
  const h = t.h;
  return {
    header: { h1: h[0], h2: h[1], h3: h[2], h4: h[3], h5: h[4], h6: h[5] },
    list: { ordered: t.ordered, unordered: t.unordered },
    bold: { "**": t.bold, __: t.under },
  };
}

/** Totals used as style-control covariates (headers, list items, bold spans). */
export function markdownTotals(c: MarkdownCounts): { headers: number; lists: number; bold: number } {
  const h = c.header;
  return {
    headers: h.h1 + h.h2 + h.h3 + h.h4 + h.h5 + h.h6,
    lists: c.list.ordered + c.list.unordered,
    bold: c.bold["**"] + c.bold.__,
  };
}
