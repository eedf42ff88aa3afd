import { describe, expect, it } from "vitest";
import { createLeakDetector, detectLeaks } from "./leak-detection";
import { createStreamingLeakScanner } from "./leak-stream";
import { SAMPLE_PROMPTS } from "./sample-prompts";

const words = (text: string) => text.match(/\S+\s*/g) ?? [];

describe("streaming leak scanner", () => {
  it("reports a self-identification while it streams, each finding once", () => {
    const scanner = createStreamingLeakScanner(createLeakDetector(), "a");
    const found = words("I am Claude, made by Anthropic. I am Claude again.").flatMap((w) => scanner.push(w));
    const all = [...found, ...scanner.finish()];
    expect(all.map((f) => f.term)).toEqual(expect.arrayContaining(["Claude", "Anthropic"]));
    expect(all.every((f) => f.side === "a")).toBe(true);
    expect(all.filter((f) => f.term === "Claude")).toHaveLength(1);
    // The name was flagged before the text finished.
    expect(found.length).toBeGreaterThan(0);
  });

  it("does not flag a word that only looked like a brand before it finished", () => {
    const scanner = createStreamingLeakScanner(createLeakDetector(), "b");
    expect(["The ", "Meta", "data ", "field."].flatMap((c) => scanner.push(c))).toEqual([]);
    expect(scanner.finish()).toEqual([]);
    expect(scanner.text).toBe("The Metadata field.");
  });

  it("flags a name at the very end once the text is complete", () => {
    const scanner = createStreamingLeakScanner(createLeakDetector(), "a");
    expect(scanner.push("Made by Google")).toEqual([]);
    expect(scanner.finish().map((f) => f.term)).toEqual(["Google"]);
  });

  it("finds leaks deep in a long answer and across chunk boundaries", () => {
    const scanner = createStreamingLeakScanner(
      createLeakDetector([{ slug: "acme-7b", displayName: "Acme 7B", organization: "Acme Research" }]),
      "a",
    );
    const filler = "lorem ipsum dolor sit amet ".repeat(400);
    const chunks = [...words(filler), "As an AI ", "developed ", "by Acme ", "Research", ", I think ", "so."];
    const found = chunks.flatMap((c) => scanner.push(c));
    const all = [...found, ...scanner.finish()];
    expect(all.map((f) => f.reason)).toEqual(expect.arrayContaining(["battle_organization"]));
  });

  it("finds the same leaks as a full scan on a chunked answer", () => {
    const text = "Sure! I'm ChatGPT, a model trained by OpenAI. Also Gemini and Llama 3 exist.";
    const scanner = createStreamingLeakScanner(createLeakDetector(), "b");
    const streamed = [...[...text].flatMap((c) => scanner.push(c)), ...scanner.finish()];
    const full = detectLeaks(text, { side: "b" });
    expect(new Set(streamed.map((f) => f.term))).toEqual(new Set(full.map((f) => f.term)));
  });

  it("sample prompts never trip the detector", () => {
    for (const p of SAMPLE_PROMPTS) expect(detectLeaks(p, { side: "prompt" })).toEqual([]);
  });
});
