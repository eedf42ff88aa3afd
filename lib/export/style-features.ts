// Markdown style counts as lmarena's add_markdown_info.py computes them for the 140k
// dataset and for style control: fenced code blocks are removed first (a `#` line
// inside code is not a header), then, with Python's re.MULTILINE semantics,
//   headers   ^#{n}\s            (n = 1…6, exactly n hashes)
//   ordered   ^\s*\d+\.\s
//   unordered ^\s*[-*+]\s
//   bold      \*\*[^*\n]+\*\*  and  __[^_\n]+__
// are counted. One pass over the lines instead of ten regular expressions (the
// exports count every answer); style-features.test.ts checks it against the
// regular expressions. Two deliberate details: `^` starts a line only after "\n"
// and `\s` is Python's whitespace, as in the reference; and a fenced block is
// removed whole, where the Python removes every occurrence of the block's text
// (identical unless a block's text also appears outside it).

export interface MarkdownCounts {
  header: { h1: number; h2: number; h3: number; h4: number; h5: number; h6: number };
  list: { ordered: number; unordered: number };
  bold: { "**": number; __: number };
}

const CODE_BLOCK = /```[^`]*```/g;
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

/** Non-overlapping matches of `MM[^M\n]+MM` for the marker character M. */
function countSpans(text: string, marker: string): number {
  const m = marker.charCodeAt(0);
  let n = 0;
  let i = text.indexOf(marker + marker);
  while (i !== -1) {
    let j = i + 2;
    for (let c = text.charCodeAt(j); j < text.length && c !== m && c !== 10; c = text.charCodeAt(++j));
    if (j > i + 2 && text.charCodeAt(j) === m && text.charCodeAt(j + 1) === m) {
      n++;
      i = text.indexOf(marker + marker, j + 2);
    } else {
      i = text.indexOf(marker + marker, i + 1);
    }
  }
  return n;
}

export function countMarkdown(markdown: string): MarkdownCounts {
  const text = markdown.includes("```") ? markdown.replace(CODE_BLOCK, "") : markdown;
  const h = [0, 0, 0, 0, 0, 0];
  let ordered = 0;
  let unordered = 0;
  const len = text.length;
  for (let start = 0; start <= len; ) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = len;
    let k = 0;
    while (text.charCodeAt(start + k) === 35) k++;
    if (k >= 1 && k <= 6 && isSpace(text.charCodeAt(start + k))) h[k - 1]++;
    // `\s*` may run over blank lines, so only the first non-space character of a
    // line can start a list item (a blank line never holds one).
    let i = start;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (i < end && (c === 45 || c === 42 || c === 43)) {
      if (isSpace(text.charCodeAt(i + 1))) unordered++;
    } else if (i < end && isDigit(text, i)) {
      let j = i + 1;
      while (j < len && isDigit(text, j)) j++;
      if (text.charCodeAt(j) === 46 && isSpace(text.charCodeAt(j + 1))) ordered++;
    }
    start = end + 1;
  }
  return {
    header: { h1: h[0], h2: h[1], h3: h[2], h4: h[3], h5: h[4], h6: h[5] },
    list: { ordered, unordered },
    bold: { "**": countSpans(text, "*"), __: countSpans(text, "_") },
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
