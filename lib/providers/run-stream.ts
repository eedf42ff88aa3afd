import { type LanguageModel, streamText, type TextStreamPart, type ToolSet } from "ai";
import { classifyError, errorEvent } from "./classify-error";
import type { ChatMessage, ModelSettings, StreamErrorEvent, StreamEvent, StreamUsage } from "./types";

type Limits = Required<Pick<ModelSettings, "timeoutMs" | "firstTokenTimeoutMs" | "stallTimeoutMs">>;

export const DEFAULT_TIMEOUTS: Readonly<Limits> = {
  timeoutMs: 120_000,
  firstTokenTimeoutMs: 60_000,
  stallTimeoutMs: 30_000,
};

type StopCause = "user" | "timeout" | "first_token" | "stall";

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;

function stopEvent(cause: StopCause, t: Limits): StreamErrorEvent {
  switch (cause) {
    case "user":
      return errorEvent("aborted", "The response was stopped.", false);
    case "timeout":
      return errorEvent("timeout", `The model did not finish within ${seconds(t.timeoutMs)}.`, true);
    case "first_token":
      return errorEvent(
        "timeout",
        `The model did not start answering within ${seconds(t.firstTokenTimeoutMs)}.`,
        true,
      );
    case "stall":
      return errorEvent(
        "timeout",
        `The model stopped sending output for ${seconds(t.stallTimeoutMs)}.`,
        true,
      );
  }
}

function toUsage(u: { inputTokens?: number; outputTokens?: number } | undefined): StreamUsage | undefined {
  if (!u) return undefined;
  const usage: StreamUsage = {};
  if (u.inputTokens !== undefined) usage.inputTokens = u.inputTokens;
  if (u.outputTokens !== undefined) usage.outputTokens = u.outputTokens;
  return Object.keys(usage).length ? usage : undefined;
}

export interface RunStreamInput {
  /** Never a bare string id: that would route through the AI SDK's global gateway. */
  model: Exclude<LanguageModel, string>;
  settings: ModelSettings;
  messages: ChatMessage[];
  signal?: AbortSignal;
}

/**
 * Drives one streamText call and turns everything that can happen into StreamEvents.
 * Timeouts are our own timers on one AbortController (rather than streamText's
 * `timeout`) so the final event can say which limit fired, and so a consumer that
 * stops iterating still cancels the upstream request.
 */
export async function* runStream({
  model,
  settings,
  messages,
  signal,
}: RunStreamInput): AsyncGenerator<StreamEvent> {
  const limits: Limits = {
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUTS.timeoutMs,
    firstTokenTimeoutMs: settings.firstTokenTimeoutMs ?? DEFAULT_TIMEOUTS.firstTokenTimeoutMs,
    stallTimeoutMs: settings.stallTimeoutMs ?? DEFAULT_TIMEOUTS.stallTimeoutMs,
  };
  if (signal?.aborted) {
    yield stopEvent("user", limits);
    return;
  }

  const started = performance.now();
  const controller = new AbortController();
  let cause: StopCause | undefined;
  const stop = (c: StopCause) => {
    cause ??= c;
    controller.abort(new DOMException(`arena: ${c}`, "AbortError"));
  };
  const onUserAbort = () => stop("user");
  signal?.addEventListener("abort", onUserAbort, { once: true });
  const overall = setTimeout(() => stop("timeout"), limits.timeoutMs);
  let idle = setTimeout(() => stop("first_token"), limits.firstTokenTimeoutMs);
  const stopped = new Promise<"stopped">((resolve) =>
    controller.signal.addEventListener("abort", () => resolve("stopped"), { once: true }),
  );

  let iterator: AsyncIterator<TextStreamPart<ToolSet>> | undefined;
  let text = "";
  let firstTokenMs: number | undefined;
  let failure: StreamErrorEvent | undefined;
  let finish: { finishReason: string; usage?: StreamUsage } | undefined;

  try {
    const result = streamText({
      model,
      system: settings.systemPrompt,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      temperature: settings.temperature,
      maxOutputTokens: settings.maxTokens,
      // The arena decides about retries (it may pick another model); an SDK retry would
      // also hide the latency it adds.
      maxRetries: 0,
      abortSignal: controller.signal,
      // Errors arrive as stream parts and become events; the default handler would log them.
      onError: () => {},
    });
    iterator = result.fullStream[Symbol.asyncIterator]();

    for (;;) {
      // A stalled upstream may never settle next(); the race lets our own timers win.
      const next = await Promise.race([iterator.next(), stopped]);
      if (next === "stopped" || next.done) break;
      const part = next.value;
      if (part.type === "text-delta" || part.type === "reasoning-delta") {
        clearTimeout(idle);
        if (part.type === "text-delta" && part.text !== "") {
          firstTokenMs ??= Math.round(performance.now() - started);
          text += part.text;
          // The stall clock restarts after the consumer returns, so a slow consumer is not an upstream stall.
          yield { type: "delta", text: part.text };
        }
        idle = setTimeout(() => stop("stall"), limits.stallTimeoutMs);
      } else if (part.type === "finish") {
        finish = { finishReason: part.finishReason, usage: toUsage(part.totalUsage) };
      } else if (part.type === "error") {
        failure = classifyError(part.error);
        break;
      } else if (part.type === "abort") {
        break;
      }
    }
  } catch (error) {
    failure = classifyError(error);
  } finally {
    clearTimeout(overall);
    clearTimeout(idle);
    signal?.removeEventListener("abort", onUserAbort);
    // Covers early exits (error part, a consumer that stopped iterating): the upstream
    // request is cancelled rather than left to run to completion.
    if (!controller.signal.aborted) controller.abort();
    iterator?.return?.().catch(() => {});
  }

  if (cause) {
    yield stopEvent(cause, limits);
  } else if (failure) {
    yield failure;
  } else if (!finish) {
    yield errorEvent("malformed", "The model's stream ended unexpectedly.", true);
  } else if (text.trim() === "") {
    yield errorEvent("empty", "The model returned an empty response.", true);
  } else {
    yield {
      type: "done",
      finishReason: finish.finishReason,
      ...(finish.usage ? { usage: finish.usage } : {}),
      latencyMs: Math.round(performance.now() - started),
      firstTokenMs: firstTokenMs ?? 0,
    };
  }
}
