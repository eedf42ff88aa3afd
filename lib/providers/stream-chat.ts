import { errorEvent } from "./classify-error";
import { parseProviderConfig } from "./config";
import { getBackend, resolveApiKey } from "./registry";
import { type RunStreamInput, runStream } from "./run-stream";
import type { ChatMessage, StreamChatInput, StreamEvent } from "./types";

/**
 * Streams one model answer as events: deltas, then exactly one `done` or `error`.
 * Never throws; a bad config, a missing key or an upstream failure is an error event.
 */
export async function* streamChat({ model, messages, signal }: StreamChatInput): AsyncGenerator<StreamEvent> {
  // Configs come from JSON (database, models file), so the static type is not trusted.
  const parsed = parseProviderConfig(model);
  if (!parsed.ok) {
    yield errorEvent("config", "The model is misconfigured (invalid provider config).", false);
    return;
  }
  const config = parsed.value;
  if (config.kind === "corpus") {
    yield errorEvent("config", "This model only has pre-generated responses and cannot answer live.", false);
    return;
  }
  const valid = (m: ChatMessage) =>
    (m?.role === "user" || m?.role === "assistant") && typeof m.content === "string";
  if (!Array.isArray(messages) || messages.length === 0 || !messages.every(valid)) {
    yield errorEvent("config", "There is no message to send to the model.", false);
    return;
  }
  const key = resolveApiKey(config);
  if (!key.ok) {
    yield errorEvent("config", key.message, false);
    return;
  }
  let languageModel: RunStreamInput["model"];
  try {
    languageModel = getBackend(config).createModel(config, key.apiKey);
  } catch {
    yield errorEvent("config", "The model is misconfigured (provider could not be created).", false);
    return;
  }
  yield* runStream({ model: languageModel, settings: config, messages, signal });
}
