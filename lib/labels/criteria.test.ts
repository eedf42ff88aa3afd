import { describe, expect, it } from "vitest";
import { CATEGORIES, HARD_CRITERIA, tagsFromLabels } from "./criteria";

describe("the published labelling criteria (FastChat classify/)", () => {
  const hard = CATEGORIES["criteria_v0.1"];

  it("criteria_v0.1: the listed criteria numbers become lmarena's seven booleans", () => {
    expect(hard.parse("[1, 2, 3, 4, 6, 7]")).toEqual({
      specificity: true,
      domain_knowledge: true,
      complexity: true,
      problem_solving: true,
      creativity: false,
      technical_accuracy: true,
      real_world: true,
    });
    expect(Object.keys(hard.parse("[]"))).toEqual([...HARD_CRITERIA]);
    // No list, or two different lists: nothing is met.
    expect(Object.values(hard.parse("I think none apply"))).not.toContain(true);
    expect(Object.values(hard.parse("[1, 2] or maybe [3]"))).not.toContain(true);
    // The same list twice is still one answer.
    expect(hard.parse("[5] ... [5]")).toMatchObject({ creativity: true, specificity: false });
    expect(hard.user("hi")).toBe("hi");
  });

  it("if_v0.1: <score>n</score>, instruction following when n ≥ 4", () => {
    const f = CATEGORIES["if_v0.1"];
    expect(f.parse("<score>4</score>")).toEqual({ if: true, score: 4 });
    expect(f.parse("<score>3</score>")).toEqual({ if: false, score: 3 });
    expect(f.parse("<score>0</score>")).toEqual({ if: false, score: 0 });
    expect(f.parse("<score>2</score> <score>5</score>")).toEqual({ if: false, score: null });
    expect(f.user("Do X")).toBe("<user_prompt>Do X</user_prompt>");
  });

  it("math_v0.1 and creative_writing_v0.1: <decision>yes|no</decision>, read forgivingly", () => {
    expect(CATEGORIES["math_v0.1"].parse("<decision>\nYes\n</decision>")).toEqual({ math: true });
    expect(CATEGORIES["math_v0.1"].parse("<decision>no</decision>")).toEqual({ math: false });
    expect(CATEGORIES["math_v0.1"].parse("yes")).toEqual({ math: false });
    const cw = CATEGORIES["creative_writing_v0.1"];
    expect(cw.parse("<decision>\n[yes]\n</decision>")).toEqual({ creative_writing: true, score: "yes" });
    expect(cw.parse("<decision>no</decision>")).toEqual({ creative_writing: false, score: "no" });
    expect(cw.parse("unsure")).toEqual({ creative_writing: false, score: null });
    expect(cw.user("Poem")).toBe("<user_prompt>\nPoem\n</user_prompt>");
  });

  it("hard prompts are those meeting at least 6 of the 7 criteria", () => {
    expect(tagsFromLabels({ "criteria_v0.1": hard.parse("[1, 2, 3, 4, 5, 6]") })).toEqual(["hard"]);
    expect(tagsFromLabels({ "criteria_v0.1": hard.parse("[1, 2, 3, 4, 5]") })).toEqual([]);
    expect(
      tagsFromLabels({
        "if_v0.1": { if: true, score: 5 },
        "math_v0.1": { math: true },
        "creative_writing_v0.1": { creative_writing: true, score: "yes" },
      }),
    ).toEqual(["if", "math", "creative_writing"]);
  });
});
