// A scripted LLM server for tests: real HTTP, real SSE, behaviour chosen by the requested
// model name. It speaks OpenAI chat completions (POST /v1/chat/completions) and, so the
// Anthropic provider can be exercised too, Anthropic messages (POST /v1/messages).
// Nothing here ships in the product; the app reaches it only through a models config.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { pathToFileURL } from "node:url";

export interface FakeRequestLog {
  id: number;
  format: "openai" | "anthropic";
  model: string;
  stream: boolean;
  includeUsage: boolean;
  system: string | null;
  messages: { role: string; content: string }[];
  temperature: number | null;
  maxTokens: number | null;
  authorization: string | null;
  status: number;
  /** The server wrote its last byte. */
  completed: boolean;
  /** The connection closed before the server finished: the client cancelled. */
  clientAborted: boolean;
  startedAt: number;
  /** When the first text chunk was written (epoch ms, sub-ms precision), for latency benchmarks. */
  firstDeltaAt: number | null;
  closedAt: number | null;
}

export interface FakeLlmServer {
  /** Base URL including `/v1`, as a provider's baseURL. */
  url: string;
  port: number;
  requests: FakeRequestLog[];
  openConnections(): number;
  /** Resolves with the first logged request matching `predicate` (polling), or rejects after `timeoutMs`. */
  waitFor(predicate: (r: FakeRequestLog) => boolean, timeoutMs?: number): Promise<FakeRequestLog>;
  close(): Promise<void>;
}

type Script =
  | { kind: "hang" }
  | { kind: "error"; status: number; message: string; retryAfter?: string }
  | { kind: "stream"; chunks: string[]; delayMs: number; stallAfter?: number; garbageAfter?: number };

export const XSS_MARKDOWN = [
  "Here is some **markdown**.\n\n",
  "<script>window.__xss=1</script>\n\n",
  '<img src=x onerror="window.__xss=1">\n\n',
  "[click](javascript:window.__xss=1)\n\n",
  "```js\nconsole.log('<b>not bold</b>');\n```\n",
];

const json = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const words = (text: string) => text.match(/\S+\s*/g) ?? [];
const variant = (model: string) => createHash("sha256").update(model).digest("hex").slice(0, 4);

/**
 * A scripted prompt labeller for lib/labels: it recognises which of the published
 * criteria it was asked about from the system prompt and answers in that category's
 * format, from keywords of the prompt ("hard", "format", "solve", "poem"). "garbled"
 * in the prompt gets an answer without a verdict.
 */
function labellerReply(system: string, prompt: string): string {
  if (/garbled/.test(prompt)) return "I would rather not say.";
  if (system.includes("7 criteria")) return /hard/.test(prompt) ? "[1, 2, 3, 4, 5, 6, 7]" : "[1]";
  if (system.includes("instruction")) return /format/.test(prompt) ? "<score>5</score>" : "<score>1</score>";
  if (system.includes("math problem"))
    return `<decision>\n${/solve/.test(prompt) ? "yes" : "no"}\n</decision>`;
  if (system.includes("creative writing"))
    return `<decision>\n${/poem/.test(prompt) ? "yes" : "no"}\n</decision>`;
  return "Unknown labelling task.";
}

/**
 * Scripted LLM judges for lib/judges, by model name `judge-<behaviour>[-<family>]`:
 * `first` always answers "[[A]]"; `score` prefers the answer carrying the higher
 * `score=N` marker (equal or none: a tie), which is how the test data's humans vote, so
 * it copies them; `family-X` prefers the one answer carrying `family=X` and otherwise
 * behaves like `score`; `garbled` answers without a verdict. Answers are read from the
 * default judge template's "[The Start of Assistant A's Answer]" blocks.
 */
function judgeReply(model: string, prompt: string): string {
  const answer = (label: "A" | "B") =>
    prompt
      .split(`[The Start of Assistant ${label}'s Answer]`)[1]
      ?.split(`[The End of Assistant ${label}'s Answer]`)[0] ?? "";
  const [first, second] = [answer("A"), answer("B")];
  const [, behaviour, family] = model.split("-");
  if (behaviour === "first") return "Assistant A answers first, so it wins. [[A]]";
  if (behaviour === "garbled") return "Both answers have merits; I cannot decide.";
  if (behaviour === "family" && family) {
    const mark = `family=${family}`;
    if (first.includes(mark) !== second.includes(mark)) return first.includes(mark) ? "[[A]]" : "[[B]]";
  }
  const score = (t: string) => Number(/score=(\d+)/.exec(t)?.[1] ?? Number.NaN);
  const [x, y] = [score(first), score(second)];
  if (Number.isNaN(x) || Number.isNaN(y) || x === y) return "They are equally good. [[TIE]]";
  return x > y ? "A is better. [[A]]" : "B is better. [[B]]";
}

function scriptFor(model: string, messages: FakeRequestLog["messages"], system: string | null): Script {
  const users = messages.filter((m) => m.role === "user");
  const prefix = model.split("-")[0];
  const status = /^error(\d{3})$/.exec(prefix)?.[1];
  if (status) return { kind: "error", status: Number(status), message: `Scripted HTTP ${status}.` };
  switch (prefix) {
    case "fast": {
      // The variant tag tells two fast models apart without naming them (which would be a leak).
      const answer = `Turn ${users.length} (variant ${variant(model)}): you said "${users.at(-1)?.content ?? ""}". This is a deterministic scripted answer.`;
      return { kind: "stream", chunks: words(answer), delayMs: 5 };
    }
    case "slow":
      return { kind: "stream", chunks: Array.from({ length: 50 }, (_, i) => `word${i + 1} `), delayMs: 100 };
    case "stall":
      return { kind: "stream", chunks: ["Thinking ", "about it"], delayMs: 5, stallAfter: 1 };
    case "garbage":
      return { kind: "stream", chunks: ["Hello ", "there"], delayMs: 5, garbageAfter: 1 };
    case "empty":
      return { kind: "stream", chunks: [], delayMs: 5 };
    case "leak":
      return { kind: "stream", chunks: words("I am Claude, made by Anthropic."), delayMs: 5 };
    case "xss":
      return { kind: "stream", chunks: XSS_MARKDOWN, delayMs: 5 };
    case "hang":
      return { kind: "hang" };
    case "labeller":
      return {
        kind: "stream",
        chunks: [labellerReply(system ?? "", users.at(-1)?.content ?? "")],
        delayMs: 1,
      };
    case "judge":
      return { kind: "stream", chunks: [judgeReply(model, users.at(-1)?.content ?? "")], delayMs: 1 };
    case "ratelimit":
      return { kind: "error", status: 429, message: "Scripted rate limit.", retryAfter: "1" };
    default:
      return { kind: "error", status: 404, message: `Unknown scripted model "${model}".` };
  }
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) => (typeof p?.text === "string" ? p.text : "")).join("");
}

type Frames = { start(): string; delta(text: string): string; garbage: string; end(n: number): string };

const usageOf = (n: number) => ({ prompt_tokens: 7, completion_tokens: n, total_tokens: n + 7 });

function openAiFrames(log: FakeRequestLog): Frames {
  const base = { id: `chatcmpl-${log.id}`, object: "chat.completion.chunk", created: 1, model: log.model };
  const frame = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
  const choice = (delta: object, finish_reason: string | null) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason }],
  });
  return {
    start: () => frame(choice({ role: "assistant", content: "" }, null)),
    delta: (text) => frame(choice({ content: text }, null)),
    garbage: 'data: {"id": "chatcmpl-broken", this is not json\n\n',
    end: (n) =>
      frame(choice({}, "stop")) +
      (log.includeUsage ? frame({ ...base, choices: [], usage: usageOf(n) }) : "") +
      "data: [DONE]\n\n",
  };
}

function anthropicFrames(log: FakeRequestLog): Frames {
  const frame = (type: string, o: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...o })}\n\n`;
  const message = {
    id: `msg_fake_${log.id}`,
    type: "message",
    role: "assistant",
    model: log.model,
    content: [],
  };
  const usage = { input_tokens: 7, output_tokens: 1 };
  return {
    start: () =>
      frame("message_start", { message: { ...message, stop_reason: null, stop_sequence: null, usage } }) +
      frame("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    delta: (text) => frame("content_block_delta", { index: 0, delta: { type: "text_delta", text } }),
    garbage: "event: content_block_delta\ndata: {this is not json\n\n",
    end: (n) =>
      frame("content_block_stop", { index: 0 }) +
      frame("message_delta", {
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: n },
      }) +
      frame("message_stop", {}),
  };
}

async function play(res: http.ServerResponse, log: FakeRequestLog, script: Script) {
  if (script.kind === "hang") return; // no status line, no headers: only the client can end this
  if (script.kind === "error") {
    const type = script.status === 429 ? "rate_limit_error" : "api_error";
    const error = { type, message: script.message, code: script.status };
    const headers: Record<string, string> = script.retryAfter ? { "retry-after": script.retryAfter } : {};
    return json(
      res,
      script.status,
      log.format === "anthropic" ? { type: "error", error } : { error },
      headers,
    );
  }
  const frames = log.format === "anthropic" ? anthropicFrames(log) : openAiFrames(log);
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.write(frames.start());
  for (const [i, chunk] of script.chunks.entries()) {
    await sleep(script.delayMs);
    if (res.destroyed) return;
    if (i === script.garbageAfter) res.write(frames.garbage);
    res.write(frames.delta(chunk));
    log.firstDeltaAt ??= performance.timeOrigin + performance.now();
    if (i + 1 === script.stallAfter) return; // keep the socket open until the client gives up
  }
  res.end(frames.end(script.chunks.length));
}

export async function startFakeLlmServer({
  port = 0,
  host = "127.0.0.1",
}: {
  port?: number;
  host?: string;
} = {}): Promise<FakeLlmServer> {
  const requests: FakeRequestLog[] = [];
  const sockets = new Set<Socket>();
  let nextId = 1;

  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && (path === "/health" || path === "/v1/models")) {
      return json(res, 200, { object: "list", data: [] });
    }
    // Playwright runs this server in another process: these let a spec read and reset the log.
    if (req.method === "GET" && path === "/__requests") return json(res, 200, requests);
    if (req.method === "POST" && path === "/__reset")
      return json(res, 200, { cleared: requests.splice(0).length });
    const format = path === "/v1/messages" ? "anthropic" : path === "/v1/chat/completions" ? "openai" : null;
    if (req.method !== "POST" || !format) return json(res, 404, { error: { message: "Not found" } });
    let body: Record<string, unknown>;
    try {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      body = JSON.parse(raw);
    } catch {
      return json(res, 400, { error: { message: "Invalid JSON" } });
    }
    const raw: { role?: unknown; content?: unknown }[] = Array.isArray(body.messages) ? body.messages : [];
    const all = raw.map((m) => ({ role: String(m.role), content: textOf(m.content) }));
    const system =
      format === "anthropic"
        ? textOf(body.system) || null
        : (all.find((m) => m.role === "system")?.content ?? null);
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    const log: FakeRequestLog = {
      id: nextId++,
      format,
      model: String(body.model ?? ""),
      stream: body.stream === true,
      includeUsage: streamOptions?.include_usage === true,
      system,
      messages: all.filter((m) => m.role !== "system"),
      temperature: typeof body.temperature === "number" ? body.temperature : null,
      maxTokens: typeof body.max_tokens === "number" ? body.max_tokens : null,
      authorization: req.headers.authorization ?? (req.headers["x-api-key"] as string | undefined) ?? null,
      status: 200,
      completed: false,
      clientAborted: false,
      startedAt: Date.now(),
      firstDeltaAt: null,
      closedAt: null,
    };
    requests.push(log);
    res.on("close", () => {
      log.closedAt = Date.now();
      log.completed = res.writableFinished;
      log.clientAborted = !res.writableFinished;
    });
    const script = scriptFor(log.model, log.messages, log.system);
    if (script.kind === "error") log.status = script.status;
    await play(res, log, script);
  });

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${actualPort}/v1`,
    port: actualPort,
    requests,
    openConnections: () => sockets.size,
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = requests.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error("fake LLM server: no matching request in time");
        await sleep(20);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stalled streams would otherwise keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const server = await startFakeLlmServer({ port: Number(arg("--port") ?? 4010), host: arg("--host") });
  console.log(`fake LLM server listening on ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
