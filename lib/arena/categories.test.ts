import { describe, expect, it } from "vitest";
import { categoryLabel, categoryTagsFor } from "./categories";

describe("categoryTagsFor", () => {
  it("tags corpus, language, code and long prompts", () => {
    const long = Array.from({ length: 120 }, () => "word").join(" ");
    expect(categoryTagsFor({ text: long, language: "FR", corpusName: "demo" })).toEqual([
      "corpus:demo",
      "lang:fr",
      "long_prompt",
    ]);
    expect(categoryTagsFor({ text: "Fix this:\n```js\nx()\n```" })).toEqual(["code"]);
    expect(categoryTagsFor({ text: "hello", category: "code" })).toEqual(["code"]);
    expect(categoryTagsFor({ text: "What is the capital of France?" })).toEqual([]);
  });

  it("labels tags for people", () => {
    expect(categoryLabel("lang:de")).toBe("Language: de");
    expect(categoryLabel("corpus:alpaca_eval")).toBe("Corpus: alpaca_eval");
    expect(categoryLabel("overall")).toBe("Overall");
  });
});
