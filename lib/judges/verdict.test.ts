import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATE, renderJudgePrompt, templateProblem } from "./template";
import { parseVerdict, toBattleVerdict } from "./verdict";

describe("parseVerdict", () => {
  it.each([
    ["Assistant A is more precise. [[A]]", "first"],
    ["[[B]]", "second"],
    ["Both fine. [[TIE]]", "tie"],
    ["Neither answers. [[BOTH_BAD]]", "both_bad"],
    ["Neither answers. [[both bad]]", "both_bad"],
    ["[[a]] ... final: [[A]]", "first"],
    ["A", "first"],
    ["b.", "second"],
    ["Tie", "tie"],
    ["both bad", "both_bad"],
  ])("%j → %s", (raw, expected) => expect(parseVerdict(raw)).toBe(expected));

  it.each([
    "",
    "I prefer the first one.",
    "A is better",
    "[[A]] or maybe [[B]]",
    "[[C]]",
    "[[A]] and a note [[really]]",
    "Assistant B",
    "The answer is B because it is longer",
  ])("%j is unparseable (never guessed)", (raw) => expect(parseVerdict(raw)).toBe("unparseable"));

  it("maps positions to the battle's sides by order", () => {
    expect(toBattleVerdict("first", "ab")).toBe("a");
    expect(toBattleVerdict("first", "ba")).toBe("b");
    expect(toBattleVerdict("second", "ba")).toBe("a");
    expect(toBattleVerdict("tie", "ba")).toBe("tie");
    expect(toBattleVerdict("unparseable", "ab")).toBe("unparseable");
  });
});

describe("judge templates", () => {
  it("the default template is usable and a template without a placeholder is not", () => {
    expect(templateProblem(DEFAULT_TEMPLATE)).toBeNull();
    expect(templateProblem({ systemPrompt: "", userTemplate: "{question} {answer_a}" })).toMatch(/answer_b/);
  });

  it("renders both orders, substituting in one pass", () => {
    const turns = [{ prompt: "Q?", a: "alpha {answer_b}", b: "beta" }];
    const t = "{question}|{answer_a}|{answer_b}";
    expect(renderJudgePrompt(t, turns, "a")).toBe("Q?|alpha {answer_b}|beta");
    expect(renderJudgePrompt(t, turns, "b")).toBe("Q?|beta|alpha {answer_b}");
  });

  it("renders a multi-turn battle as a transcript per side", () => {
    const turns = [
      { prompt: "one", a: "a1", b: "b1" },
      { prompt: "two", a: "a2", b: "b2" },
    ];
    const out = renderJudgePrompt("{answer_a}", turns, "b");
    expect(out).toBe("### User:\none\n\n### Assistant:\nb1\n\n### User:\ntwo\n\n### Assistant:\nb2");
  });
});
