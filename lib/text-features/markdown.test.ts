import { describe, expect, it } from "vitest";
import { countMarkdown, markdownTotals } from "./markdown";

describe("countMarkdown (lmarena's add_markdown_info.py rules)", () => {
  it("counts headers by level, only with a space after the hashes", () => {
    const c = countMarkdown("# One\n## Two\n### Three\n###### Six\n####### Seven\n#NoSpace\n text # not\n");
    expect(c.header).toEqual({ h1: 1, h2: 1, h3: 1, h4: 0, h5: 0, h6: 1 });
  });

  it("counts ordered and unordered list items, indented ones too", () => {
    const c = countMarkdown(
      "- a\n* b\n+ c\n  - nested\n1. one\n  2. two\n10. ten\n-not a list\n3.not either",
    );
    expect(c.list).toEqual({ ordered: 3, unordered: 4 });
  });

  it("counts ** and __ bold spans that stay on one line", () => {
    const c = countMarkdown("**a** and **b**, __c__, **not\nbold** text, *italic*");
    expect(c.bold).toEqual({ "**": 2, __: 1 });
  });

  // Expected values worked out from add_markdown_info.py's documented behaviour:
  // remove_pattern removes each block's *inner* text (re.findall returns the capture
  // group) everywhere with str.replace, and leaves the fences. [h1…h6], ordered,
  // unordered, "**", "__".
  const EDGE_CASES: [string, number[], number, number, number, number][] = [
    // The fences stay, so the header is no longer at a line start.
    ["```\ncode\n```# Title", [0, 0, 0, 0, 0, 0], 0, 0, 0, 0],
    // The block's text "-" is removed outside the block too.
    ["```-```\n- item\n- more\n", [0, 0, 0, 0, 0, 0], 0, 0, 0, 0],
    // …and so is "\n# a\n", which takes the later header's line start with it.
    ["```\n# a\n```\n# a\n## b\n", [0, 0, 0, 0, 0, 0], 0, 0, 0, 0],
    ["```py\n# c\n- x\n**y**\n```\n# Real\n- item", [1, 0, 0, 0, 0, 0], 0, 1, 0, 0],
    // An empty block removes nothing; an unclosed fence is not a block.
    ["``````\n# h", [1, 0, 0, 0, 0, 0], 0, 0, 0, 0],
    ["```\nunclosed\n# h\n", [1, 0, 0, 0, 0, 0], 0, 0, 0, 0],
    // [^`]* ends a block at its first backtick: four opening backticks, or a stray one.
    ["````x```\n# h\n1. a", [1, 0, 0, 0, 0, 0], 1, 0, 0, 0],
    ["```a`b```\n### three", [0, 0, 1, 0, 0, 0], 0, 0, 0, 0],
    ["`` ` ``\n- x", [0, 0, 0, 0, 0, 0], 0, 1, 0, 0],
    // Bold around a removed block is still one span.
    ["**bold ```x``` still bold**", [0, 0, 0, 0, 0, 0], 0, 0, 1, 0],
    // Two identical blocks: the second replace finds nothing left to remove.
    ["```js\n1. one\n```\nthen\n```js\n1. one\n```\n2. two\n", [0, 0, 0, 0, 0, 0], 1, 0, 0, 0],
  ];

  it("removes code blocks exactly as add_markdown_info.py does, quirks included", () => {
    for (const [text, h, ordered, unordered, bold, under] of EDGE_CASES) {
      expect(countMarkdown(text), JSON.stringify(text)).toEqual({
        header: { h1: h[0], h2: h[1], h3: h[2], h4: h[3], h5: h[4], h6: h[5] },
        list: { ordered, unordered },
        bold: { "**": bold, __: under },
      });
    }
  });

  it("ignores everything inside fenced code blocks", () => {
    const c = countMarkdown("Intro\n```python\n# comment\n- x\n**y**\n```\n# Real header\n- item");
    expect(markdownTotals(c)).toEqual({ headers: 1, lists: 1, bold: 0 });
  });

  it("plain text has no markdown", () => {
    expect(markdownTotals(countMarkdown("Just a sentence. 3 * 4 = 12."))).toEqual({
      headers: 0,
      lists: 0,
      bold: 0,
    });
  });
});

/**
 * The reference: add_markdown_info.py's regular expressions and its remove_pattern
 * (findall's capture groups, each removed with replace), valid where JS and Python
 * regexes agree.
 */
function reference(markdown: string) {
  let text = markdown;
  for (const [, block] of markdown.matchAll(/```([^`]*)```/g)) text = text.split(block).join("");
  const n = (re: RegExp) => text.match(re)?.length ?? 0;
  return {
    header: Object.fromEntries([1, 2, 3, 4, 5, 6].map((k) => [`h${k}`, n(new RegExp(`^#{${k}}\\s`, "gm"))])),
    list: { ordered: n(/^\s*\d+\.\s/gm), unordered: n(/^\s*[-*+]\s/gm) },
    bold: { "**": n(/\*\*[^*\n]+\*\*/g), __: n(/__[^_\n]+__/g) },
  };
}

describe("countMarkdown matches the regular expressions", () => {
  it("on random markdown-ish text", () => {
    const alphabet = [
      "#",
      "#",
      " ",
      "\t",
      "\n",
      "\n",
      "-",
      "*",
      "*",
      "+",
      "_",
      "_",
      "1",
      "2",
      ".",
      "a",
      "b",
      "`",
    ];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < 3000; k++) {
      const s = Array.from(
        { length: Math.floor(rand() * 60) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join("");
      expect(countMarkdown(s), JSON.stringify(s)).toEqual(reference(s));
    }
  });

  it("on random text with code fences (lines joined across a removed block)", () => {
    const alphabet = ["```", "```", "`", "#", "# ", "\n", "\n", " ", "- ", "1. ", "**", "__", "a", "b"];
    let seed = 3;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < 5000; k++) {
      const s = Array.from(
        { length: Math.floor(rand() * 40) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join("");
      expect(countMarkdown(s), JSON.stringify(s)).toEqual(reference(s));
    }
  });

  it("follows Python's line starts and whitespace where JavaScript's differ", () => {
    // Python's ^ starts a line only after "\n"; \x1c is whitespace in Python.
    expect(countMarkdown("x\r# not a header\n#\x1cyes").header).toMatchObject({ h1: 1 });
    expect(countMarkdown("٣. Arabic-Indic digits count as \\d in Python").list.ordered).toBe(1);
  });
});
