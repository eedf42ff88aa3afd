import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeLlmServer, startFakeLlmServer, XSS_MARKDOWN } from "@/e2e/fake-llm-server";
import type { ProviderModelConfig } from "./config";
import { streamChat } from "./stream-chat";
import type { ChatMessage, StreamEvent } from "./types";

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(() => server.close());
afterEach(() => vi.unstubAllEnvs());

const hello: ChatMessage[] = [{ role: "user", content: "hello" }];
const model = (name: string, extra: Partial<ProviderModelConfig> = {}) =>
  ({ kind: "openai_compatible", baseURL: server.url, model: name, ...extra }) as ProviderModelConfig;

async function collect(events: AsyncIterable<StreamEvent>, onEvent?: (e: StreamEvent) => void) {
  const all: StreamEvent[] = [];
  for await (const e of events) {
    all.push(e);
    onEvent?.(e);
  }
  const text = all.flatMap((e) => (e.type === "delta" ? [e.text] : [])).join("");
  return { all, text, last: all.at(-1)! };
}

const requestFor = (name: string) => server.waitFor((r) => r.model === name && r.closedAt !== null);

describe("streamChat against an OpenAI-compatible server", () => {
  it("streams deltas that concatenate to the answer, then done with usage and timings", async () => {
    const { all, text, last } = await collect(streamChat({ model: model("fast-basic"), messages: hello }));
    expect(text).toMatch(
      /^Turn 1 \(variant [0-9a-f]{4}\): you said "hello"\. This is a deterministic scripted answer\.$/,
    );
    expect(all.filter((e) => e.type === "delta").length).toBeGreaterThan(5);
    expect(last).toMatchObject({
      type: "done",
      finishReason: "stop",
      usage: { outputTokens: 13, inputTokens: 7 },
    });
    if (last.type !== "done") throw new Error("unreachable");
    expect(last.firstTokenMs).toBeGreaterThan(0);
    expect(last.latencyMs).toBeGreaterThanOrEqual(last.firstTokenMs);
    expect(all.filter((e) => e.type !== "delta")).toHaveLength(1);
  });

  it("sends the whole conversation, system prompt and sampling settings", async () => {
    const messages: ChatMessage[] = [
      { role: "user", content: "first" },
      { role: "assistant", content: "ok" },
      { role: "user", content: "second" },
    ];
    const settings = { systemPrompt: "Be brief.", temperature: 0.2, maxTokens: 64 };
    const { text } = await collect(streamChat({ model: model("fast-multi", settings), messages }));
    expect(text).toContain("Turn 2 (variant");
    expect(text).toContain('you said "second"');
    const req = await requestFor("fast-multi");
    expect(req).toMatchObject({
      system: "Be brief.",
      temperature: 0.2,
      maxTokens: 64,
      includeUsage: true,
      messages,
    });
  });

  it("omits stream_options when streamUsage is off, and then reports no usage", async () => {
    const { last } = await collect(
      streamChat({ model: model("fast-nousage", { streamUsage: false }), messages: hello }),
    );
    expect(last.type).toBe("done");
    expect(last.type === "done" && last.usage).toBeFalsy();
    expect((await requestFor("fast-nousage")).includeUsage).toBe(false);
  });

  it("passes markdown and HTML through untouched (sanitising is the renderer's job)", async () => {
    const { text, last } = await collect(streamChat({ model: model("xss-1"), messages: hello }));
    expect(text).toBe(XSS_MARKDOWN.join(""));
    expect(last.type).toBe("done");
  });

  it("reads the key from the env var named by apiKeyEnv at call time", async () => {
    vi.stubEnv("ARENA_TEST_KEY", "sk-test-not-real");
    await collect(streamChat({ model: model("fast-key", { apiKeyEnv: "ARENA_TEST_KEY" }), messages: hello }));
    expect((await requestFor("fast-key")).authorization).toBe("Bearer sk-test-not-real");
  });
});

describe("streamChat failure modes (each is one error event, never a throw)", () => {
  it.each([
    ["error500-x", { kind: "http", status: 500, retryable: true }],
    ["error401-x", { kind: "http", status: 401, retryable: false }],
    ["unknown-model", { kind: "http", status: 404, retryable: false }],
    ["ratelimit-x", { kind: "rate_limited", status: 429, retryable: true }],
    ["garbage-x", { kind: "malformed", retryable: true }],
    ["empty-x", { kind: "empty", retryable: true }],
  ])("%s", async (name, expected) => {
    const { all, last } = await collect(streamChat({ model: model(name), messages: hello }));
    expect(last).toMatchObject({ type: "error", ...expected });
    expect(all.filter((e) => e.type !== "delta")).toHaveLength(1);
    if (last.type === "error") expect(last.message).not.toMatch(/127\.0\.0\.1|http:\/\/|Scripted/);
    // maxRetries: 0: the arena, not the SDK, decides whether to try again.
    expect(server.requests.filter((r) => r.model === name)).toHaveLength(1);
  });

  it("an unreachable server is a retryable http error without the address", async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const dead = { kind: "openai_compatible", baseURL: `http://127.0.0.1:${port}/v1`, model: "x" } as const;
    const { last } = await collect(streamChat({ model: dead, messages: hello }));
    expect(last).toMatchObject({ type: "error", kind: "http", retryable: true });
    if (last.type === "error") expect(last.message).not.toContain(String(port));
  });

  it("a missing key env var is a config error and no request is made", async () => {
    vi.stubEnv("ARENA_MISSING_KEY", "");
    const { all } = await collect(
      streamChat({ model: model("fast-nokey", { apiKeyEnv: "ARENA_MISSING_KEY" }), messages: hello }),
    );
    expect(all).toEqual([expect.objectContaining({ type: "error", kind: "config", retryable: false })]);
    expect(all[0].type === "error" && all[0].message).toContain("ARENA_MISSING_KEY");
    expect(server.requests.some((r) => r.model === "fast-nokey")).toBe(false);
  });

  it("an invalid or non-live config is a config error", async () => {
    const bad = { kind: "openai_compatible", model: "x" } as unknown as ProviderModelConfig;
    expect((await collect(streamChat({ model: bad, messages: hello }))).last).toMatchObject({
      kind: "config",
    });
    const corpus = { kind: "corpus" } as const;
    expect((await collect(streamChat({ model: corpus, messages: hello }))).last).toMatchObject({
      kind: "config",
    });
    expect((await collect(streamChat({ model: model("fast-x"), messages: [] }))).last).toMatchObject({
      kind: "config",
    });
    const junk = [{ role: "system", content: 1 }] as unknown as ChatMessage[];
    expect((await collect(streamChat({ model: model("fast-x"), messages: junk }))).last).toMatchObject({
      kind: "config",
    });
  });
});

describe("streamChat timeouts and cancellation", () => {
  it("stall timeout: output starts, then nothing for stallTimeoutMs", async () => {
    const t0 = Date.now();
    const { text, last } = await collect(
      streamChat({ model: model("stall-1", { stallTimeoutMs: 300 }), messages: hello }),
    );
    expect(text).toBe("Thinking ");
    expect(last).toMatchObject({ type: "error", kind: "timeout", retryable: true });
    expect(last.type === "error" && last.message).toContain("stopped sending output");
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((await requestFor("stall-1")).clientAborted).toBe(true);
  });

  it("first-token timeout: the server never even sends headers", async () => {
    const { all } = await collect(
      streamChat({ model: model("hang-1", { firstTokenTimeoutMs: 300 }), messages: hello }),
    );
    expect(all).toEqual([expect.objectContaining({ type: "error", kind: "timeout" })]);
    expect(all[0].type === "error" && all[0].message).toContain("did not start answering");
    expect((await requestFor("hang-1")).clientAborted).toBe(true);
  });

  it("overall timeout wins over a steady but slow stream", async () => {
    const { text, last } = await collect(
      streamChat({ model: model("slow-timeout", { timeoutMs: 500 }), messages: hello }),
    );
    expect(text).toMatch(/^word1 /);
    expect(last).toMatchObject({ type: "error", kind: "timeout" });
    expect(last.type === "error" && last.message).toContain("did not finish within 0.5s");
    expect((await requestFor("slow-timeout")).clientAborted).toBe(true);
  });

  it("aborting the signal ends with `aborted` and cancels the upstream request", async () => {
    const controller = new AbortController();
    let deltas = 0;
    const { last } = await collect(
      streamChat({ model: model("slow-abort"), messages: hello, signal: controller.signal }),
      (e) => {
        if (e.type === "delta" && ++deltas === 2) controller.abort();
      },
    );
    expect(deltas).toBe(2);
    expect(last).toMatchObject({ type: "error", kind: "aborted", retryable: false });
    const req = await requestFor("slow-abort");
    expect(req.clientAborted).toBe(true);
    expect(req.closedAt! - req.startedAt).toBeLessThan(2000);
  });

  it("aborting before headers arrive also cancels the request", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const { all } = await collect(
      streamChat({ model: model("hang-abort"), messages: hello, signal: controller.signal }),
    );
    expect(all).toEqual([expect.objectContaining({ kind: "aborted" })]);
    expect((await requestFor("hang-abort")).clientAborted).toBe(true);
  });

  it("an already-aborted signal makes no request", async () => {
    const { all } = await collect(
      streamChat({ model: model("fast-pre"), messages: hello, signal: AbortSignal.abort() }),
    );
    expect(all).toEqual([expect.objectContaining({ kind: "aborted" })]);
    expect(server.requests.some((r) => r.model === "fast-pre")).toBe(false);
  });

  it("a consumer that stops iterating cancels the upstream request too", async () => {
    for await (const e of streamChat({ model: model("slow-break"), messages: hello })) {
      if (e.type === "delta") break;
    }
    expect((await requestFor("slow-break")).clientAborted).toBe(true);
  });
});
