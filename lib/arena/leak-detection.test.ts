import { describe, expect, it } from "vitest";
import { createLeakDetector, detectBattleLeaks, detectLeaks, type LeakIdentity } from "./leak-detection";

const terms = (text: string, models?: LeakIdentity[]) => detectLeaks(text, { models }).map((f) => f.term);
const reasons = (text: string) => detectLeaks(text).map((f) => `${f.reason}:${f.term}`);

describe("built-in names", () => {
  it.each([
    ["I love ChatGPT", "ChatGPT"],
    ["Try GPT-4o or gpt4", "GPT"],
    ["claude can help", "Claude"],
    ["GEMINI 2.5 Pro", "Gemini"],
    ["Google's Bard", "Bard"],
    ["Meta's Llama 3.1", "Llama"],
    ["running llama3.2:3b locally", "Llama"],
    ["LLaMA paper", "Llama"],
    ["Mixtral 8x7B", "Mixtral"],
    ["Mistral Large", "Mistral"],
    ["qwen2.5-coder", "Qwen"],
    ["gemma2:9b", "Gemma"],
    ["Deep Seek R1 and DeepSeek-V3", "DeepSeek"],
    ["Ask Grok", "Grok"],
    ["Phi-3 mini and Phi 4", "Phi"],
    ["Command R+ is good", "Command R"],
    ["from OpenAI", "OpenAI"],
    ["Open AI's models", "OpenAI"],
    ["by Anthropic", "Anthropic"],
    ["Google DeepMind", "DeepMind"],
    ["Meta AI", "Meta"],
    ["Alibaba Cloud", "Alibaba"],
    ["Cohere's API", "Cohere"],
    ["xAI built it", "xAI"],
    ["Microsoft Research", "Microsoft"],
    ["Mistral AI in Paris", "Mistral AI"],
  ])("%s → %s", (text, term) => {
    expect(terms(text)).toContain(term);
  });

  it.each([
    "The metadata and the meta-analysis are in the meta tag.",
    "Meta-analysis shows nothing.",
    "Graphic design uses the golden ratio phi; sphinx; philosophy.",
    "A llama and two llamas grazed.",
    "The mistral is a cold wind.",
    "I grok it; cohesion makes ideas cohere.",
    "Shakespeare, the Bard of Avon.",
    "Use a GPT partition table on the disk.",
    "Gemstones, gemmatic, googol, claudication, anthropology, opening aid.",
    "The chatbot is open source and the AI is open.",
    "I am happy to help. I'm sorry, I'm not able to. I am going home.",
  ])("no false positive: %s", (text) => {
    expect(detectLeaks(text)).toEqual([]);
  });

  it("accepts known trade-offs: the zodiac sign and the first name are flagged", () => {
    expect(terms("My sign is Gemini.")).toEqual(["Gemini"]);
    expect(terms("Claude Monet painted water lilies.")).toEqual(["Claude"]);
  });
});

describe("the battle's own models", () => {
  const models: LeakIdentity[] = [
    {
      slug: "fast-alpha",
      displayName: "Fast Alpha",
      organization: "Acme Labs",
      upstreamModel: "acme/alpha:7b",
    },
    { slug: "llama-3.1-8b", displayName: "Llama 3.1 8B", organization: "Meta" },
  ];

  it("detects a model's slug and display name, whatever the case and separators", () => {
    const found = detectLeaks("I'm fast alpha. Others call me FAST-ALPHA or fast_alpha.", {
      models,
      side: "a",
    });
    expect(found).toContainEqual({ reason: "battle_model", side: "a", term: "Fast Alpha" });
    expect(terms("this is llama 3.1 8b speaking", models)).toEqual(["Llama 3.1 8B"]);
    expect(terms("served as llama-3.1-8b", models)).toEqual(["Llama 3.1 8B"]);
    expect(terms("upstream acme alpha 7b", models)).toEqual(["acme/alpha:7b"]);
  });

  it("detects the organisation, keeping the guard of a built-in brand", () => {
    expect(detectLeaks("Built at Acme Labs.", { models })).toEqual([
      { reason: "battle_organization", term: "Acme Labs" },
    ]);
    expect(detectLeaks("Meta trained me.", { models })).toEqual([
      { reason: "battle_organization", term: "Meta" },
    ]);
    expect(detectLeaks("see the metadata and meta-analysis", { models })).toEqual([]);
  });

  it("does not also report the built-in word inside the battle name, and ignores very short names", () => {
    expect(reasons("Llama 3.1 8B here")).toEqual(["known_model:Llama"]);
    expect(detectLeaks("Llama 3.1 8B here", { models }).map((f) => f.reason)).toEqual(["battle_model"]);
    expect(detectLeaks("Yi is here", { models: [{ displayName: "Yi" }] })).toEqual([]);
  });

  it("word boundaries apply to battle names too", () => {
    expect(terms("breakfast alphabet", models)).toEqual([]);
  });
});

describe("self-identification", () => {
  it("reports the scripted leak", () => {
    expect(reasons("I am Claude, made by Anthropic.")).toEqual([
      "self_identification:I am Claude",
      "self_identification:I am Claude, made by Anthropic",
      "known_model:Claude",
      "known_organization:Anthropic",
    ]);
  });

  it.each([
    ["I'm Zephyr, an AI assistant.", "I'm Zephyr"],
    ["I’m Nova.", "I’m Nova"],
    ["I am Orion a large language model", "I am Orion"],
    ["My name is Sage and I help.", "My name is Sage"],
    ["You can call me Aria", "call me Aria"],
    [
      "As an AI language model developed by Zeta Corp, I cannot.",
      "As an AI language model developed by Zeta Corp",
    ],
    ["I was trained by the team at Quasar Research.", "I was trained by the team at Quasar Research"],
    ["I'm a helpful assistant created by Nimbus.", "I'm a helpful assistant created by Nimbus"],
  ])("%s", (text, term) => {
    expect(detectLeaks(text)).toContainEqual({ reason: "self_identification", term });
  });

  it("leaves ordinary first-person sentences alone", () => {
    expect(
      detectLeaks("I am Sorry, I am Not sure. I'm Here to help. I am going to explain. I made it by hand."),
    ).toEqual([]);
  });
});

describe("prompts", () => {
  it.each([
    "Who made you?",
    "what model are you",
    "What's your name?",
    "Which company trained you?",
    "Who are you?",
  ])("flags identity probes: %s", (prompt) => {
    expect(detectLeaks(prompt, { side: "prompt" })).toEqual([
      expect.objectContaining({ reason: "identity_probe", side: "prompt" }),
    ]);
  });

  it("probes only count on the prompt side, and ordinary questions are fine", () => {
    expect(detectLeaks("Who made you?", { side: "a" })).toEqual([]);
    expect(detectLeaks("What are you doing this weekend? Who made this cake?", { side: "prompt" })).toEqual(
      [],
    );
    expect(detectLeaks("Are you ChatGPT?", { side: "prompt" })).toEqual([
      { reason: "known_model", side: "prompt", term: "ChatGPT" },
    ]);
  });
});

describe("streaming use", () => {
  it("can be called on the growing text; partial mode waits for a word to end", () => {
    const detect = createLeakDetector();
    expect(detect("See the Meta", { partial: true })).toEqual([]);
    expect(detect("See the Metadata", { partial: true })).toEqual([]);
    expect(detect("See the Metadata")).toEqual([]);
    expect(detect("I am Clau", { partial: true })).toEqual([]);
    expect(detect("I am Claude", { partial: true })).toEqual([]);
    expect(detect("I am Claude,", { partial: true }).map((f) => f.term)).toEqual(["I am Claude", "Claude"]);
  });

  it("reports each term once, at its first occurrence, case-insensitively", () => {
    expect(detectLeaks("gemini, Gemini, GEMINI and then openai, OpenAI")).toEqual([
      { reason: "known_model", term: "Gemini" },
      { reason: "known_organization", term: "OpenAI" },
    ]);
  });
});

describe("detectBattleLeaks", () => {
  it("scans the prompt and both sides with their labels", () => {
    const found = detectBattleLeaks({
      prompt: "Who trained you?",
      a: "I am Claude, made by Anthropic.",
      b: "Sure, here is a poem.",
      models: [{ slug: "leak-claude", displayName: "Leaky" }],
    });
    expect(found.map((f) => f.side)).toEqual(["prompt", "a", "a", "a", "a"]);
    expect(found[0]).toEqual({ reason: "identity_probe", side: "prompt", term: "Who trained you" });
  });
});
