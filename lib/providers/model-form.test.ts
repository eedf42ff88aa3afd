import { describe, expect, it } from "vitest";
import { parseModelForm } from "./model-form";

const base = {
  slug: "my-model",
  displayName: "My model",
  kind: "openai_compatible",
  baseURL: "http://127.0.0.1:4010/v1",
  model: "scripted",
  weight: "2",
};

describe("parseModelForm", () => {
  it("builds the models.json entry from the console form", () => {
    const r = parseModelForm({
      ...base,
      apiKeyEnv: "MY_KEY",
      extra: '{"temperature": 0.5}',
      openWeights: "on",
    });
    expect(r).toEqual({
      ok: true,
      entry: expect.objectContaining({
        slug: "my-model",
        weight: 2,
        openWeights: true,
        provider: {
          kind: "openai_compatible",
          baseURL: "http://127.0.0.1:4010/v1",
          model: "scripted",
          apiKeyEnv: "MY_KEY",
          temperature: 0.5,
        },
      }),
    });
  });

  it("refuses a key pasted where the env-var name goes", () => {
    const r = parseModelForm({ ...base, apiKeyEnv: "sk-abcdefghijklmnopqrstuvwxyz" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.join(" ")).toMatch(/NAME of an env var/);
  });

  it("refuses an inline key in the extra settings and in the base URL", () => {
    const extra = parseModelForm({ ...base, extra: '{"apiKey": "whatever-secret"}' });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.issues.join(" ")).toMatch(/inline API keys are not allowed/);
    const url = parseModelForm({ ...base, baseURL: "https://api.example.com/v1?api_key=abc" });
    expect(url.ok).toBe(false);
  });

  it("reports bad JSON, a bad slug and a negative weight", () => {
    expect(parseModelForm({ ...base, extra: "{nope" })).toEqual({
      ok: false,
      issues: ["extra settings: not valid JSON"],
    });
    const r = parseModelForm({ ...base, slug: "Bad Slug", weight: "-1" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.some((i) => i.startsWith("slug"))).toBe(true);
      expect(r.issues.some((i) => i.startsWith("weight"))).toBe(true);
    }
  });
});
