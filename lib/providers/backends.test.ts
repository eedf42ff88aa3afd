import { APICallError, JSONParseError, LoadAPIKeyError, RetryError } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeLlmServer, startFakeLlmServer } from "@/e2e/fake-llm-server";
import { classifyError } from "./classify-error";
import type { ProviderModelConfig } from "./config";
import { apiKeyEnvFor, backends, resolveApiKey } from "./registry";
import { streamChat } from "./stream-chat";
import type { StreamEvent } from "./types";

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());
afterEach(() => vi.unstubAllEnvs());

const hello = [{ role: "user" as const, content: "hello" }];

async function collect(events: AsyncIterable<StreamEvent>) {
  const all: StreamEvent[] = [];
  for await (const e of events) all.push(e);
  return { text: all.flatMap((e) => (e.type === "delta" ? [e.text] : [])).join(""), last: all.at(-1)! };
}

describe("anthropic backend (against the fake server's Anthropic SSE)", () => {
  const claude = (name: string, extra: object = {}): ProviderModelConfig => ({
    kind: "anthropic",
    baseURL: server.url,
    model: name,
    apiKeyEnv: "ARENA_TEST_ANTHROPIC",
    // Unknown model names make the SDK warn about its 4096 default otherwise.
    maxTokens: 256,
    ...extra,
  });

  it("streams text, usage and sends the key as x-api-key", async () => {
    vi.stubEnv("ARENA_TEST_ANTHROPIC", "test-anthropic-key");
    const { text, last } = await collect(
      streamChat({ model: claude("fast-claude", { systemPrompt: "Sys" }), messages: hello }),
    );
    expect(text).toMatch(/^Turn 1 \(variant [0-9a-f]{4}\): you said "hello"\./);
    expect(last).toMatchObject({ type: "done", finishReason: "stop", usage: { outputTokens: 13 } });
    const req = await server.waitFor((r) => r.model === "fast-claude" && r.closedAt !== null);
    expect(req).toMatchObject({ format: "anthropic", authorization: "test-anthropic-key", system: "Sys" });
  });

  it.each([
    ["ratelimit-claude", { kind: "rate_limited", status: 429 }],
    ["error529-claude", { kind: "http", status: 529, retryable: true }],
    ["garbage-claude", { kind: "malformed" }],
    ["empty-claude", { kind: "empty" }],
  ])("%s", async (name, expected) => {
    vi.stubEnv("ARENA_TEST_ANTHROPIC", "test-anthropic-key");
    expect((await collect(streamChat({ model: claude(name), messages: hello }))).last).toMatchObject({
      type: "error",
      ...expected,
    });
  });

  it("abort cancels the upstream request", async () => {
    vi.stubEnv("ARENA_TEST_ANTHROPIC", "test-anthropic-key");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 250);
    const { last } = await collect(
      streamChat({ model: claude("slow-claude"), messages: hello, signal: controller.signal }),
    );
    expect(last).toMatchObject({ kind: "aborted" });
    expect(
      (await server.waitFor((r) => r.model === "slow-claude" && r.closedAt !== null)).clientAborted,
    ).toBe(true);
  });

  it("without apiKeyEnv it needs ANTHROPIC_API_KEY, and says so", async () => {
    vi.stubEnv("ANTHROPIC_API_KEY", "");
    const config = { kind: "anthropic", model: "claude-x" } as const;
    expect(apiKeyEnvFor(config)).toBe("ANTHROPIC_API_KEY");
    const { last } = await collect(streamChat({ model: config, messages: hello }));
    expect(last).toMatchObject({ type: "error", kind: "config", retryable: false });
    expect(last.type === "error" && last.message).toContain("ANTHROPIC_API_KEY");
  });
});

describe("google backend (config level)", () => {
  it("defaults the key env var and reports a missing key as a config error", async () => {
    vi.stubEnv("GOOGLE_GENERATIVE_AI_API_KEY", "");
    const config = { kind: "google", model: "gemini-x" } as const;
    expect(apiKeyEnvFor(config)).toBe("GOOGLE_GENERATIVE_AI_API_KEY");
    expect(resolveApiKey(config, {})).toEqual({
      ok: false,
      message: expect.stringContaining("GOOGLE_GENERATIVE_AI_API_KEY"),
    });
    expect((await collect(streamChat({ model: config, messages: hello }))).last).toMatchObject({
      kind: "config",
    });
  });

  it("builds a Gemini model that calls the configured base URL", async () => {
    const model = backends.google.createModel(
      { kind: "google", model: "gemini-x", baseURL: server.url },
      "k",
    );
    expect(model).toMatchObject({ provider: "google.generative-ai", modelId: "gemini-x" });
    // The fake server does not speak Gemini: a 404 from *it* proves the request went there.
    vi.stubEnv("ARENA_TEST_GOOGLE", "k");
    const config = {
      kind: "google",
      model: "gemini-x",
      baseURL: server.url,
      apiKeyEnv: "ARENA_TEST_GOOGLE",
    } as const;
    expect((await collect(streamChat({ model: config, messages: hello }))).last).toMatchObject({
      kind: "http",
      status: 404,
    });
  });
});

describe("classifyError", () => {
  const apiError = (statusCode?: number) =>
    new APICallError({
      message: "boom https://secret.example/?key=abc",
      url: "https://secret.example/?key=abc",
      requestBodyValues: {},
      statusCode,
    });

  it("maps SDK errors to kinds without copying upstream text", () => {
    expect(classifyError(apiError(429))).toMatchObject({
      kind: "rate_limited",
      status: 429,
      retryable: true,
    });
    expect(classifyError(apiError(503))).toMatchObject({ kind: "http", status: 503, retryable: true });
    expect(classifyError(apiError(400))).toMatchObject({ kind: "http", status: 400, retryable: false });
    expect(classifyError(apiError())).toMatchObject({ kind: "http", retryable: true });
    expect(
      classifyError(new RetryError({ message: "x", reason: "maxRetriesExceeded", errors: [apiError(429)] })),
    ).toMatchObject({
      kind: "rate_limited",
    });
    expect(classifyError(new JSONParseError({ text: "{", cause: new Error("x") }))).toMatchObject({
      kind: "malformed",
    });
    expect(classifyError(new LoadAPIKeyError({ message: "x" }))).toMatchObject({
      kind: "config",
      retryable: false,
    });
    expect(JSON.stringify(classifyError(apiError(500)))).not.toMatch(/secret|key=abc|boom/);
  });

  it("maps error objects sent inside a stream", () => {
    expect(classifyError({ type: "error", error: { type: "rate_limit_error" } })).toMatchObject({
      kind: "rate_limited",
    });
    expect(classifyError({ type: "overloaded_error", message: "Overloaded" })).toMatchObject({
      kind: "http",
      retryable: true,
    });
    expect(classifyError({ message: "weird" })).toMatchObject({ kind: "http" });
    expect(classifyError(new TypeError("terminated"))).toMatchObject({ kind: "http", retryable: true });
  });
});
