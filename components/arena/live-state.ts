import type { LiveEvent } from "@/lib/arena/live-types";
import { SCREEN_SIDES, type ScreenSide } from "@/lib/arena/sides";

// The browser's view of a live battle, updated by the stream's events. Pure, so the
// reducer is unit tested without a browser.

export type AnswerStatus = "waiting" | "streaming" | "done" | "stopped" | "error";

export interface AnswerView {
  text: string;
  status: AnswerStatus;
  attempt: number;
  error: { kind: string; message: string; retryable: boolean } | null;
  /** "voter" = Stop was pressed; "disconnected" = an earlier page closed mid-answer. */
  stoppedBy: "voter" | "disconnected" | null;
  tokens: number | null;
  latencyMs: number | null;
  startedAt: number | null;
}

export interface TurnView {
  prompt: string;
  left: AnswerView;
  right: AnswerView;
}

export interface ConversationState {
  turns: TurnView[];
  leak: boolean;
  /** The server's verdict after the last stream: only "ready" can be voted on. */
  settled: "pending" | "ready" | "errored";
}

export const waitingAnswer = (attempt = 0): AnswerView => ({
  text: "",
  status: "waiting",
  attempt,
  error: null,
  stoppedBy: null,
  tokens: null,
  latencyMs: null,
  startedAt: null,
});

export const newTurn = (prompt: string): TurnView => ({
  prompt,
  left: waitingAnswer(),
  right: waitingAnswer(),
});

export function initialConversation(prompt: string, leak: boolean): ConversationState {
  return { turns: [newTurn(prompt)], leak, settled: "pending" };
}

function updateLast(
  state: ConversationState,
  side: ScreenSide,
  update: (a: AnswerView) => AnswerView,
): ConversationState {
  const turns = state.turns.slice();
  const last = turns.length - 1;
  turns[last] = { ...turns[last], [side]: update(turns[last][side]) };
  return { ...state, turns };
}

/** Marks sides as waiting for a new stream (all, or one for Retry). */
export function resetForStream(state: ConversationState, sides: readonly ScreenSide[]): ConversationState {
  let next: ConversationState = { ...state, settled: "pending" };
  for (const side of sides) next = updateLast(next, side, (a) => waitingAnswer(a.attempt + 1));
  return next;
}

export function appendDeltas(state: ConversationState, deltas: Partial<Record<ScreenSide, string>>) {
  let next = state;
  for (const side of SCREEN_SIDES) {
    const text = deltas[side];
    if (text) next = updateLast(next, side, (a) => ({ ...a, text: a.text + text, status: "streaming" }));
  }
  return next;
}

export function applyEvent(state: ConversationState, event: LiveEvent, now = Date.now()): ConversationState {
  switch (event.type) {
    case "start":
      return updateLast(state, event.side, () => ({
        ...waitingAnswer(event.attempt),
        status: "streaming",
        startedAt: now,
      }));
    case "delta":
      return appendDeltas(state, { [event.side]: event.text });
    case "leak":
      return state.leak ? state : { ...state, leak: true };
    case "done":
      return updateLast(state, event.side, (a) => ({
        ...a,
        status: "done",
        tokens: event.tokens,
        latencyMs: event.latencyMs,
      }));
    case "stopped":
      return updateLast(state, event.side, (a) => ({ ...a, status: "stopped", stoppedBy: event.reason }));
    case "error":
      return updateLast(state, event.side, (a) => ({
        ...a,
        status: "error",
        error: { kind: event.kind, message: event.message, retryable: event.retryable },
      }));
    case "end":
      return { ...state, settled: event.status };
  }
}

/** The stream request itself failed (network, or the server refused it). */
export function failStream(state: ConversationState, sides: readonly ScreenSide[], message: string) {
  let next: ConversationState = { ...state, settled: "errored" };
  for (const side of sides) {
    next = updateLast(next, side, (a) =>
      a.status === "waiting" || a.status === "streaming"
        ? { ...a, status: "error", error: { kind: "network", message, retryable: true } }
        : a,
    );
  }
  return next;
}

export const lastTurn = (state: ConversationState) => state.turns[state.turns.length - 1];

export function isBusy(state: ConversationState): boolean {
  const t = lastTurn(state);
  return [t.left, t.right].some((a) => a.status === "waiting" || a.status === "streaming");
}
