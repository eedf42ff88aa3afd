import type { LanguageModel } from "ai";
import type { LiveProviderConfig, ProviderModelConfig } from "./config";

export type { ProviderModelConfig } from "./config";

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

/** Per-model generation settings; they live inside the provider config. */
export interface ModelSettings {
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
  /** Whole request, from sending to the last chunk. */
  timeoutMs?: number;
  /** Sending the request to the first text (or reasoning) chunk; covers cold model loads. */
  firstTokenTimeoutMs?: number;
  /** Longest gap between chunks once output has started. */
  stallTimeoutMs?: number;
}

export type ProviderErrorKind =
  | "timeout"
  | "http"
  | "rate_limited"
  | "malformed"
  | "empty"
  | "aborted"
  | "config";

export interface StreamUsage {
  inputTokens?: number;
  outputTokens?: number;
}

export type StreamEvent =
  | { type: "delta"; text: string }
  | {
      type: "done";
      /** The AI SDK's unified reason: stop, length, content-filter, tool-calls, error, other. */
      finishReason: string;
      usage?: StreamUsage;
      latencyMs: number;
      firstTokenMs: number;
    }
  | {
      type: "error";
      kind: ProviderErrorKind;
      /** Safe to show to a voter: never a key, an upstream URL or an upstream response body. */
      message: string;
      /** Whether trying the same request again may succeed. */
      retryable: boolean;
      /** Upstream HTTP status, for kinds http and rate_limited. */
      status?: number;
    };

export type StreamErrorEvent = Extract<StreamEvent, { type: "error" }>;

export interface StreamChatInput {
  model: ProviderModelConfig;
  messages: ChatMessage[];
  /** Aborting it cancels the upstream HTTP request and ends the stream with an "aborted" error. */
  signal?: AbortSignal;
}

/** One backend: builds an AI SDK model from a validated config and an already-resolved key. */
export interface ProviderBackend<C extends LiveProviderConfig = LiveProviderConfig> {
  /** Env var read when the config names none; absent means the key is optional (e.g. Ollama). */
  defaultApiKeyEnv?: string;
  createModel(config: C, apiKey: string | undefined): Exclude<LanguageModel, string>;
}
