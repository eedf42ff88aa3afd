import "server-only";
import { createLeakDetector, type LeakDetector, type LeakFinding } from "@/lib/arena/leak-detection";
import { createStreamingLeakScanner } from "@/lib/arena/leak-stream";
import type { LiveEvent } from "@/lib/arena/live-schemas";
import { addLeakFlags, finishAnswer, settleBattle } from "@/lib/db/live-answers";
import type { SideTurnPlan, StoredAnswer, TurnPlan } from "@/lib/db/live-turns";
import { streamChat } from "@/lib/providers/stream-chat";
import type { ProviderModelConfig, StreamEvent } from "@/lib/providers/types";
import { registerStream } from "./registry";

// Streams both sides of one turn to the browser as NDJSON, one event per line, each
// tagged with its screen side and never with a model's identity. Each side's answer is
// stored when it ends — partial text included when stopped or failed — and the battle's
// status is settled once both have; the last line says which status it got.

export const NDJSON_HEADERS = {
  "content-type": "application/x-ndjson; charset=utf-8",
  // no-transform keeps the compression middleware from buffering tokens.
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
} as const;

type Emit = (event: LiveEvent) => void;

const SHUTDOWN_MESSAGE = "The server restarted while this answer was streaming. Retry to ask again.";
const SHUTDOWN_ERROR = `interrupted: ${SHUTDOWN_MESSAGE}`;

export interface TurnStreamOptions {
  plan: TurnPlan;
  voterId: string;
  /** The browser's request: aborted when the tab closes, which cancels every upstream call. */
  signal: AbortSignal;
}

export function streamTurnResponse(options: TurnStreamOptions): Response {
  return new Response(turnEventStream(options), { headers: NDJSON_HEADERS });
}

export function turnEventStream({ plan, voterId, signal }: TurnStreamOptions) {
  const encoder = new TextEncoder();
  let closed = false;
  const cancelled = new AbortController();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // Events produced in one turn of the event loop (under load, chunks of many streams
      // arrive together) go out as one write: the first token is not delayed, and a busy
      // server makes far fewer socket writes.
      let pending = "";
      const flush = () => {
        const lines = pending;
        pending = "";
        if (closed || !lines) return;
        try {
          controller.enqueue(encoder.encode(lines));
        } catch {
          closed = true;
        }
      };
      const emit: Emit = (event) => {
        if (closed) return;
        if (!pending) setImmediate(flush);
        pending += `${JSON.stringify(event)}\n`;
      };
      const disconnected = () => cancelled.abort();
      if (signal.aborted) disconnected();
      else signal.addEventListener("abort", disconnected, { once: true });
      void runTurn(plan, voterId, cancelled.signal, emit).finally(() => {
        signal.removeEventListener("abort", disconnected);
        flush();
        if (!closed) {
          closed = true;
          controller.close();
        }
      });
    },
    // The browser went away (or a proxy dropped it): stop generating for nobody.
    cancel() {
      closed = true;
      cancelled.abort();
    },
  });
}

async function runTurn(plan: TurnPlan, voterId: string, disconnect: AbortSignal, emit: Emit): Promise<void> {
  if (plan.leak) emit({ type: "leak", side: "prompt" });
  const detect = createLeakDetector(plan.identities);
  // Leak flags are written in order, and before the status is settled, so a battle that
  // becomes votable already carries every finding.
  let leakWrites: Promise<void> = Promise.resolve();
  // A finding we could not store must not leave a leaked battle votable and counted.
  let leakWriteFailed = false;
  const recordLeaks = (flags: LeakFinding[]) => {
    leakWrites = leakWrites
      .then(() => addLeakFlags({ battleId: plan.battleId, flags }))
      .catch((error) => {
        leakWriteFailed = true;
        console.error("storing leak flags failed", error);
      });
  };
  await Promise.all(
    plan.sides.map((side) =>
      side.claim
        ? runSide({ plan, side, voterId, disconnect, emit, detect, recordLeaks })
        : replay(side, plan.turn, side.stored, emit),
    ),
  );
  await leakWrites;
  try {
    const status = await settleBattle({
      battleId: plan.battleId,
      failure: leakWriteFailed ? "an identity leak was found but could not be recorded" : undefined,
    });
    emit({ type: "end", status: status === "voted" ? "ready" : status });
  } catch (error) {
    console.error("settling a live battle failed", error);
    emit({ type: "end", status: "errored" });
  }
}

function replay(side: SideTurnPlan, turn: number, stored: StoredAnswer | null, emit: Emit) {
  const screen = side.screen;
  if (!stored) return;
  emit({ type: "start", side: screen, turn, attempt: stored.attempt });
  if (stored.content) emit({ type: "delta", side: screen, text: stored.content });
  if (stored.state === "stopped" || stored.state === "disconnected") {
    emit({ type: "stopped", side: screen, reason: stored.state === "stopped" ? "voter" : "disconnected" });
  } else if (stored.state === "error") {
    const [kind, ...rest] = (stored.providerError ?? "error: failed").split(": ");
    emit({ type: "error", side: screen, kind, message: rest.join(": "), retryable: true });
  } else {
    emit({
      type: "done",
      side: screen,
      finishReason: stored.finishReason ?? "stop",
      tokens: stored.tokens,
      latencyMs: stored.latencyMs,
    });
  }
}

async function runSide(ctx: {
  plan: TurnPlan;
  side: SideTurnPlan;
  voterId: string;
  disconnect: AbortSignal;
  emit: Emit;
  detect: LeakDetector;
  recordLeaks: (flags: LeakFinding[]) => void;
}): Promise<void> {
  const { plan, side, emit } = ctx;
  const claim = side.claim!;
  const screen = side.screen;
  const handle = registerStream(plan.battleId, screen, ctx.voterId);
  // Before any upstream call: from here on, a Stop on any instance can find this stream.
  await handle.visible;
  const onDisconnect = () => handle.abort("disconnected");
  if (ctx.disconnect.aborted) onDisconnect();
  else ctx.disconnect.addEventListener("abort", onDisconnect, { once: true });

  const scanner = createStreamingLeakScanner(ctx.detect, side.side);
  let leaked = false;
  const onFindings = (flags: LeakFinding[]) => {
    if (flags.length === 0) return;
    ctx.recordLeaks(flags);
    if (!leaked) emit({ type: "leak", side: screen });
    leaked = true;
  };
  const started = performance.now();
  let last: StreamEvent | undefined;
  try {
    emit({ type: "start", side: screen, turn: plan.turn, attempt: claim.attempt });
    const model = side.provider as ProviderModelConfig;
    for await (const event of streamChat({ model, messages: side.history, signal: handle.signal })) {
      if (event.type === "delta") {
        emit({ type: "delta", side: screen, text: event.text });
        onFindings(scanner.push(event.text));
      } else {
        last = event;
      }
    }
  } catch (error) {
    // streamChat never throws; this guards the contract so a side always settles.
    console.error("live stream failed unexpectedly", error);
    last = { type: "error", kind: "http", message: "The answer failed unexpectedly.", retryable: true };
  } finally {
    ctx.disconnect.removeEventListener("abort", onDisconnect);
    handle.release();
  }
  onFindings(scanner.finish());

  const text = scanner.text;
  const elapsed = Math.round(performance.now() - started);
  if (last?.type === "done") {
    const tokens = last.usage?.outputTokens ?? null;
    await store(claim.messageId, text, tokens, last.latencyMs, last.finishReason, null);
    emit({ type: "done", side: screen, finishReason: last.finishReason, tokens, latencyMs: last.latencyMs });
  } else if (last?.type === "error" && last.kind === "aborted" && handle.reason() === "shutdown") {
    // This instance is shutting down: the answer is closed as interrupted (Retry works on any instance).
    await store(claim.messageId, text, null, elapsed, "error", SHUTDOWN_ERROR);
    emit({ type: "error", side: screen, kind: "interrupted", message: SHUTDOWN_MESSAGE, retryable: true });
  } else if (last?.type === "error" && last.kind === "aborted") {
    const reason = handle.reason() === "voter" ? "voter" : "disconnected";
    await store(claim.messageId, text, null, elapsed, reason === "voter" ? "stopped" : "disconnected", null);
    emit({ type: "stopped", side: screen, reason });
  } else {
    const error =
      last?.type === "error"
        ? last
        : { kind: "malformed", message: "The model's stream ended unexpectedly.", retryable: true };
    await store(claim.messageId, text, null, elapsed, "error", `${error.kind}: ${error.message}`);
    emit({
      type: "error",
      side: screen,
      kind: error.kind,
      message: error.message,
      retryable: error.retryable,
    });
  }
}

async function store(
  messageId: string,
  content: string,
  tokens: number | null,
  latencyMs: number | null,
  finishReason: string,
  providerError: string | null,
) {
  try {
    await finishAnswer({ messageId, content, tokens, latencyMs, finishReason, providerError });
  } catch (error) {
    // The row stays "streaming"; the next request for this turn closes it as interrupted.
    console.error("storing a live answer failed", error);
  }
}
