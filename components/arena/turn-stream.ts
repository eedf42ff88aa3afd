import type { LiveEvent } from "@/lib/arena/live-types";
import { SCREEN_SIDES, type ScreenSide } from "@/lib/arena/sides";
import { appendDeltas, applyEvent, type ConversationState, failStream } from "./live-state";

export type StreamOptions = { side?: ScreenSide; regenerate?: boolean };
type Update = (f: (c: ConversationState) => ConversationState) => void;

const FLUSH_MS = 16;

/** Parses a newline-delimited JSON body as it arrives; a partial last line waits for more bytes. */
export async function* readNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<LiveEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) yield JSON.parse(line) as LiveEvent;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Streams one turn from /api/battles/[id]/stream into the conversation. A refused
 * request or a dropped connection becomes a retryable error on the sides it was for;
 * an abort (New battle, leaving the page) changes nothing.
 */
export async function streamTurn(
  battleId: string,
  turn: number,
  opts: StreamOptions,
  signal: AbortSignal,
  update: Update,
): Promise<void> {
  const sides: readonly ScreenSide[] = opts.side ? [opts.side] : SCREEN_SIDES;
  // Deltas are applied at most once a frame: re-rendering markdown per token is wasted work.
  let pending: Partial<Record<ScreenSide, string>> = {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const deltas = pending;
    pending = {};
    update((c) => appendDeltas(c, deltas));
  };
  let ended = false;
  try {
    const res = await fetch(`/api/battles/${battleId}/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ turn, ...opts }),
      signal,
    });
    if (!res.ok || !res.body) {
      const body = await res.json().catch(() => null);
      const message = body?.error?.message ?? `The server answered HTTP ${res.status}.`;
      update((c) => failStream(c, sides, message));
      return;
    }
    for await (const event of readNdjson(res.body)) {
      if (event.type === "delta") {
        pending[event.side] = (pending[event.side] ?? "") + event.text;
        timer ??= setTimeout(flush, FLUSH_MS);
        continue;
      }
      flush();
      if (event.type === "end") ended = true;
      update((c) => applyEvent(c, event));
    }
    flush();
    if (!ended) throw new Error("stream ended early");
  } catch {
    if (signal.aborted) return;
    flush();
    update((c) => failStream(c, sides, "The connection to the server was lost."));
  }
}
