import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hedgeRate, isRefusal, languageMatches, linkCount, roughLanguage } from "./answer-traits";

describe("answer traits", () => {
  it("counts hedges per 100 words", () => {
    expect(hedgeRate("Paris is the capital of France.")).toBe(0);
    expect(hedgeRate("I think it might be Paris, but it depends on the year.")).toBeCloseTo(
      (3 * 100) / 12,
      6,
    );
    expect(hedgeRate("")).toBe(0);
  });
  it("spots refusals at the start of an answer only", () => {
    expect(isRefusal("I'm sorry, but I can't help with that request.")).toBe(1);
    expect(isRefusal("I cannot provide instructions for that.")).toBe(1);
    expect(isRefusal("As an AI language model, I don't have opinions.")).toBe(1);
    expect(isRefusal("Sure! Here is the recipe.")).toBe(0);
    expect(isRefusal(`${"Here is a long story. ".repeat(40)}I can't help but smile.`)).toBe(0);
  });
  it("counts links and numbered citations", () => {
    expect(linkCount("See https://example.org/a and [1], [2] or [^3].")).toBe(4);
    expect(linkCount("No sources.")).toBe(0);
  });
  it("tells scripts and the common Latin-script languages apart", () => {
    expect(roughLanguage("What is the capital of France and how big is it?")).toBe("en");
    expect(roughLanguage("¿Cuál es la capital de Francia y cómo es la ciudad?")).toBe("es");
    expect(roughLanguage("Какая столица у Франции?")).toBe("cyrillic");
    expect(roughLanguage("法国的首都是哪里？请详细说明。")).toBe("cjk");
    expect(roughLanguage("ok")).toBeNull();
    expect(
      languageMatches(
        "¿Cuál es la capital de Francia y cómo es?",
        "The capital of France is Paris, and it is big.",
      ),
    ).toBe(0);
    expect(
      languageMatches(
        "What is the capital of France and why?",
        "The capital of France is Paris, and it is big.",
      ),
    ).toBe(1);
    expect(languageMatches("法国的首都是哪里？请详细说明。", "法国的首都是巴黎，它是一个大城市。")).toBe(1);
    expect(languageMatches("hi", "anything")).toBe(1);
  });

  it("labels plain ASCII text as the general (Unicode-script) reading does", () => {
    const words = [
      "the",
      "and",
      "el",
      "que",
      "der",
      "und",
      "le",
      "est",
      "il",
      "che",
      "x",
      "Hello",
      "42",
      "!",
    ];
    const text = fc
      .array(fc.oneof(fc.constantFrom(...words), fc.string({ unit: "binary-ascii", maxLength: 6 })), {
        maxLength: 40,
      })
      .map((parts) => parts.join(" "));
    fc.assert(
      fc.property(text, (t) => {
        // One ø in front forces the general path; it is one more Latin letter, and no list's word.
        const viaGeneral = roughLanguage(`\u00f8 ${t}`);
        const fast = roughLanguage(t);
        const letters = t.replace(/[^A-Za-z]/g, "").length;
        if (letters === 7) return; // the ø would lift it over the eight-letter floor
        expect(fast).toBe(viaGeneral);
      }),
    );
  });
});
