import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadConfiguredModels,
  loadModelsConfig,
  ModelsConfigError,
  parseModelsConfig,
  parseProviderConfig,
  resolveModelsFile,
} from "./config";

const ollama = { kind: "openai_compatible", baseURL: "http://127.0.0.1:11434/v1", model: "llama3.2:3b" };
const entry = (provider: object, extra: object = {}) => ({
  slug: "m1",
  displayName: "M1",
  provider,
  ...extra,
});

function issuesOf(input: unknown): string[] {
  try {
    parseModelsConfig(input, "models.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ModelsConfigError);
    return (error as ModelsConfigError).issues;
  }
  throw new Error("expected the config to be rejected");
}

describe("parseModelsConfig", () => {
  it("accepts the shipped example and applies defaults", async () => {
    const config = await loadModelsConfig(path.join(import.meta.dirname, "models.example.json"));
    expect(config.models.map((m) => m.provider.kind)).toEqual([
      "openai_compatible",
      "openai_compatible",
      "anthropic",
      "google",
    ]);
    expect(config.models[0].provider).toMatchObject(ollama);
    const minimal = parseModelsConfig({ models: [entry(ollama)] });
    expect(minimal.models[0]).toMatchObject({ weight: 1, openWeights: false });
  });

  it.each([
    [{ ...ollama, apiKey: "abc" }, "models[0] (m1).provider.apiKey"],
    [{ ...ollama, api_key: "abc" }, "models[0] (m1).provider.api_key"],
    [{ ...ollama, headers: { Authorization: "Bearer x" } }, "models[0] (m1).provider.headers.Authorization"],
  ])("rejects an inline key field %#, pointing at apiKeyEnv", (provider, where) => {
    const issues = issuesOf({ models: [entry(provider)] });
    expect(issues.join("\n")).toContain(`${where}: inline API keys are not allowed`);
    expect(issues.join("\n")).toMatch(/apiKeyEnv/);
    expect(issues.join("\n")).not.toContain("abc");
  });

  it("rejects a key pasted into apiKeyEnv or any other string", () => {
    const key = "sk-proj-abcdefghijklmnopqrstuvwxyz123456";
    const asEnv = issuesOf({ models: [entry({ ...ollama, apiKeyEnv: key })] }).join("\n");
    expect(asEnv).toMatch(
      /models\[0\] \(m1\)\.provider\.apiKeyEnv: looks like an API key.*NAME of an env var/,
    );
    expect(asEnv).not.toContain(key);
    const google = issuesOf({
      models: [entry({ ...ollama, systemPrompt: "AIzaSyA1234567890abcdefghijkl" })],
    });
    expect(google.join("\n")).toMatch(/provider\.systemPrompt: looks like an API key/);
  });

  it("rejects credentials in the base URL", () => {
    const inUser = issuesOf({ models: [entry({ ...ollama, baseURL: "https://user:pw@example.com/v1" })] });
    expect(inUser.join()).toMatch(/provider\.baseURL: must not carry credentials/);
    const inQuery = issuesOf({ models: [entry({ ...ollama, baseURL: "https://example.com/v1?key=abc" })] });
    expect(inQuery.join()).toMatch(/provider\.baseURL: must not carry credentials/);
  });

  it("reports every bad field with its index, slug and path", () => {
    const issues = issuesOf({
      models: [
        entry(ollama),
        entry({ ...ollama, temperature: 5, timeoutMs: -1 }, { slug: "hot" }),
        entry({ kind: "bedrock", model: "x" }, { slug: "Bad Slug" }),
        entry({ kind: "openai_compatible", model: "x" }, { slug: "nourl" }),
        entry(ollama, { slug: "m1", weight: -1, temprature: 1 }),
      ],
    });
    const text = issues.join("\n");
    expect(text).toContain("models[1] (hot).provider.temperature:");
    expect(text).toContain("models[1] (hot).provider.timeoutMs:");
    expect(text).toContain("models[2] (Bad Slug).slug: must be lowercase");
    expect(text).toContain("models[2] (Bad Slug).provider.kind: kind must be one of");
    expect(text).toContain("models[3] (nourl).provider.baseURL: required");
    expect(text).toContain("models[4] (m1).weight:");
    expect(text).toMatch(/models\[4\] \(m1\): Unrecognized key.*temprature/);
  });

  it("rejects duplicate slugs and a missing models array", () => {
    expect(issuesOf({ models: [entry(ollama), entry(ollama)] })).toEqual([
      'models[1] (m1).slug: duplicate slug "m1"',
    ]);
    expect(issuesOf({}).join()).toContain("models:");
  });

  it("error message names the file", () => {
    expect(() =>
      parseModelsConfig({ models: [entry({ ...ollama, apiKey: "x" })] }, "/etc/arena/models.json"),
    ).toThrow(
      /Invalid models config \/etc\/arena\/models\.json:\n {2}- models\[0\] \(m1\)\.provider\.apiKey/,
    );
  });
});

describe("loadConfiguredModels", () => {
  it("loads the file, is null when nothing is configured, and fails loudly on an invalid file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "arena-models-"));
    const file = path.join(dir, "models.json");
    await writeFile(file, JSON.stringify({ models: [entry(ollama)] }));
    expect(await loadConfiguredModels(file, {})).toMatchObject({
      file,
      config: { models: [{ slug: "m1" }] },
    });
    const bad = path.join(dir, "bad.json");
    await writeFile(
      bad,
      JSON.stringify({ models: [{ slug: "x", provider: { kind: "openai_compatible" } }] }),
    );
    await expect(loadConfiguredModels(bad, {})).rejects.toThrow(/displayName/);
    const absent = path.join(dir, "absent.json");
    expect(await loadConfiguredModels(absent, {})).toBeNull();
    // Named explicitly, a missing file is an error rather than "no live models".
    await expect(loadConfiguredModels(absent, { ARENA_MODELS_FILE: absent })).rejects.toThrow(/not found/);
  });
});

describe("loadModelsConfig", () => {
  it("reads ARENA_MODELS_FILE relative to cwd, else ./models.json", () => {
    expect(resolveModelsFile("/srv/app", {})).toBe("/srv/app/models.json");
    expect(resolveModelsFile("/srv/app", { ARENA_MODELS_FILE: "conf/m.json" })).toBe("/srv/app/conf/m.json");
    expect(resolveModelsFile("/srv/app", { ARENA_MODELS_FILE: "/abs/m.json" })).toBe("/abs/m.json");
  });

  it("explains a missing file and invalid JSON", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "arena-models-"));
    await expect(loadModelsConfig(path.join(dir, "none.json"))).rejects.toThrow(
      /file not found.*models\.example\.json/,
    );
    const broken = path.join(dir, "broken.json");
    await writeFile(broken, "{ models: [");
    await expect(loadModelsConfig(broken)).rejects.toThrow(/broken\.json:\n.*not valid JSON/);
  });
});

describe("parseProviderConfig", () => {
  it("validates a single provider config such as Model.providerConfig", () => {
    expect(parseProviderConfig(ollama)).toEqual({ ok: true, value: ollama });
    expect(parseProviderConfig({ kind: "corpus" })).toEqual({ ok: true, value: { kind: "corpus" } });
    const inline = parseProviderConfig({ ...ollama, apiKey: "x" });
    expect(inline).toEqual({
      ok: false,
      issues: [expect.stringMatching(/^apiKey: inline API keys are not allowed/)],
    });
    const bad = parseProviderConfig({ kind: "anthropic" });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues.join()).toContain("model:");
  });
});
