import type { ScreenSide } from "./sides";
import type { RevealedModel } from "./types";

// Wire types and limits of live battles, shared by the server and the browser (no zod
// here, so client bundles stay small; the schemas are in live-schemas.ts). Screen sides
// ("left"/"right") are all the browser ever sees; no event carries a model's identity.

export const MAX_PROMPT_CHARS = 8000;
/** Turns per battle (the first prompt plus follow-ups); keeps the history we resend bounded. */
export const MAX_TURNS = 8;
/** Largest stream request body we read, in bytes. */
export const MAX_STREAM_BODY_BYTES = 1024;

export type LiveEvent =
  | { type: "start"; side: ScreenSide; turn: number; attempt: number }
  | { type: "delta"; side: ScreenSide; text: string }
  /** Something in the battle may reveal a model: it will not count publicly. */
  | { type: "leak"; side: ScreenSide | "prompt" }
  | { type: "done"; side: ScreenSide; finishReason: string; tokens: number | null; latencyMs: number | null }
  | { type: "stopped"; side: ScreenSide; reason: "voter" | "disconnected" }
  | { type: "error"; side: ScreenSide; kind: string; message: string; retryable: boolean }
  /** Last line: both sides are settled and stored. */
  | { type: "end"; status: "pending" | "ready" | "errored" };

export interface LiveBattleView {
  id: string;
  mode: "anonymous" | "named";
  prompt: string;
  /** The prompt itself (or an earlier turn) already gives a model away. */
  leak: boolean;
  /** Named battles show the chosen models from the start. */
  named: { left: RevealedModel; right: RevealedModel } | null;
}

export interface LiveModelOption {
  slug: string;
  displayName: string;
  organization: string | null;
}

export type StartLiveBattleResult =
  | { status: "ok"; battle: LiveBattleView }
  | { status: "invalid"; message: string }
  | { status: "unavailable"; message: string };
