import { describe, expect, it } from "vitest";
import { answerTraitsOf, styleFeaturesOf } from "./style-of-battle";

describe("styleFeaturesOf", () => {
  it("counts headers, list items and bold per side, over every turn", () => {
    const f = styleFeaturesOf({
      a: ["# Title\n\n- one\n- two\n\n**bold**", "## More\n1. x"],
      b: ["plain answer"],
    });
    expect(f.header_count).toEqual([2, 0]);
    expect(f.list_count).toEqual([3, 0]);
    expect(f.bold_count).toEqual([1, 0]);
    expect(f.sum_assistant_tokens[0]).toBeGreaterThan(f.sum_assistant_tokens[1]);
    expect(f.sum_assistant_tokens[1]).toBeGreaterThan(0);
  });

  it("ignores markdown inside fenced code", () => {
    const f = styleFeaturesOf({ a: ["```\n# not a header\n- nor a list\n```"], b: [""] });
    expect(f.header_count).toEqual([0, 0]);
    expect(f.list_count).toEqual([0, 0]);
  });

  it("measures hedging, refusals, links and language match per side", () => {
    const t = answerTraitsOf({
      prompts: ["¿Cuál es la capital de Francia y por qué es importante?"],
      a: ["La capital de Francia es París, y es la ciudad más grande del país [1]."],
      b: ["I'm sorry, but I can't help with that. It might be Paris, see https://example.org."],
    });
    expect(t.refusal).toEqual([0, 1]);
    expect(t.link_count).toEqual([1, 1]);
    expect(t.language_match).toEqual([1, 0]);
    expect(t.hedge_rate[0]).toBe(0);
    expect(t.hedge_rate[1]).toBeGreaterThan(0);
  });
});
