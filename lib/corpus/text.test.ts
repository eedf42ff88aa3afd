import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatImportSummary } from "./summary";
import { detectLanguage, estimateTokens, promptExternalId } from "./text";

describe("promptExternalId", () => {
  it("is the first 16 hex digits of the sha256 of the exact text", () => {
    const text = "What is the capital of France?";
    expect(promptExternalId(text)).toBe(createHash("sha256").update(text).digest("hex").slice(0, 16));
    expect(promptExternalId(`${text} `)).not.toBe(promptExternalId(text));
  });
});

describe("estimateTokens", () => {
  it("counts words, digit groups, punctuation and CJK characters", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("The capital of France is **Paris**.")).toBe(11);
    expect(estimateTokens("12345")).toBe(2);
    expect(estimateTokens("日本語")).toBe(3);
    expect(estimateTokens("internationalization")).toBe(3);
  });

  it("lands near the usual ~1.3 tokens per English word on prose", () => {
    const prose =
      "Recursion is a technique where a function calls itself to solve smaller instances of the same problem, " +
      "stopping at a base case. For example, computing a factorial multiplies n by the factorial of n - 1.";
    const words = prose.split(/\s+/).length;
    expect(estimateTokens(prose) / words).toBeGreaterThan(1);
    expect(estimateTokens(prose) / words).toBeLessThan(1.6);
  });
});

describe("detectLanguage", () => {
  it.each([
    ["How did US states get their names?", "en"],
    ["¿Cómo puedo aprender a programar en Python?", "es"],
    ["Comment puis-je apprendre le français rapidement ?", "fr"],
    ["Wie kann ich am besten Deutsch lernen?", "de"],
    ["日本語を勉強したいです", "ja"],
    ["我想学习中文", "zh"],
    ["Привет, как дела?", "ru"],
    ["Hi", null],
    ["1 + 1 = ?", null],
  ])("%s -> %s", (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });
});

describe("formatImportSummary", () => {
  it("prints counts, created models and a warning for differing rows", () => {
    const text = formatImportSummary({
      files: 2,
      corporaCreated: ["alpaca_eval"],
      corporaUpdated: [],
      promptsCreated: 3,
      promptsExisting: 1,
      promptsDiffering: 0,
      responsesCreated: 6,
      responsesUnchanged: 2,
      responsesDiffering: 1,
      duplicatesSkipped: 0,
      modelsCreated: ["a", "b"],
      validateMs: 120,
      importMs: 880,
    });
    expect(text).toContain("import:corpus: 2 files in 1.0 s (validate 0.1 s, import 0.9 s)");
    expect(text).toContain("prompts:   3 new, 1 existing");
    expect(text).toContain("responses: 6 new, 2 unchanged");
    expect(text).toContain("models:    2 created: a, b");
    expect(text).toMatch(/warning: +0 prompts and 1 responses differ/);
  });
});
