import { describe, expect, it } from "vitest";
import { styleFeaturesOf } from "./style-of-battle";

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
});
