import { describe, expect, it } from "vitest";
import { cl100kTokens } from "./cl100k";

describe("cl100kTokens", () => {
  it("counts as tiktoken's cl100k_base does (OpenAI cookbook's examples)", () => {
    // "How to count tokens with tiktoken": "tiktoken is great!" is 6 tokens in cl100k_base.
    expect(cl100kTokens("tiktoken is great!")).toBe(6);
    expect(cl100kTokens("hello world")).toBe(2);
    expect(cl100kTokens("")).toBe(0);
  });

  it("counts special-token lookalikes as text instead of throwing", () => {
    expect(cl100kTokens("a <|endoftext|> b")).toBeGreaterThan(3);
  });
});
