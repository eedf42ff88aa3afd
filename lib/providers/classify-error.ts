import {
  APICallError,
  EmptyResponseBodyError,
  InvalidArgumentError,
  InvalidPromptError,
  InvalidResponseDataError,
  JSONParseError,
  LoadAPIKeyError,
  LoadSettingError,
  NoOutputGeneratedError,
  RetryError,
  TypeValidationError,
  UnsupportedFunctionalityError,
} from "ai";
import type { StreamErrorEvent } from "./types";

// Upstream messages and bodies can echo URLs (with query-string keys), prompts or
// account details, so voters get fixed sentences and an HTTP status, nothing copied.

export function errorEvent(
  kind: StreamErrorEvent["kind"],
  message: string,
  retryable: boolean,
  status?: number,
): StreamErrorEvent {
  return status === undefined
    ? { type: "error", kind, message, retryable }
    : { type: "error", kind, message, retryable, status };
}

function httpHint(status: number): string {
  if (status === 401 || status === 403) return " (check the model's API key)";
  if (status === 404) return " (check the model name and base URL)";
  if (status === 400 || status === 422) return " (the request was rejected)";
  if (status >= 500) return " (the provider is having trouble)";
  return "";
}

function fromStatus(status: number): StreamErrorEvent {
  if (status === 429) {
    return errorEvent(
      "rate_limited",
      "The model provider is rate limiting requests; try again shortly.",
      true,
      429,
    );
  }
  const retryable = status >= 500 || status === 408 || status === 409;
  return errorEvent(
    "http",
    `The model provider returned HTTP ${status}${httpHint(status)}.`,
    retryable,
    status,
  );
}

/** Maps anything the AI SDK or a provider may throw or emit as an error part. */
export function classifyError(error: unknown): StreamErrorEvent {
  if (RetryError.isInstance(error)) return classifyError(error.lastError);
  if (APICallError.isInstance(error)) {
    if (error.statusCode !== undefined) return fromStatus(error.statusCode);
    return errorEvent("http", "Could not reach the model provider.", true);
  }
  if (
    JSONParseError.isInstance(error) ||
    TypeValidationError.isInstance(error) ||
    InvalidResponseDataError.isInstance(error)
  ) {
    return errorEvent("malformed", "The model provider sent a response that could not be parsed.", true);
  }
  if (EmptyResponseBodyError.isInstance(error) || NoOutputGeneratedError.isInstance(error)) {
    return errorEvent("empty", "The model returned an empty response.", true);
  }
  if (LoadAPIKeyError.isInstance(error) || LoadSettingError.isInstance(error)) {
    return errorEvent("config", "The model is misconfigured (missing API key or setting).", false);
  }
  if (
    InvalidPromptError.isInstance(error) ||
    InvalidArgumentError.isInstance(error) ||
    UnsupportedFunctionalityError.isInstance(error)
  ) {
    return errorEvent("config", "The request could not be built for this model.", false);
  }
  // Error objects sent inside an otherwise healthy stream (OpenAI `{"error":…}`,
  // Anthropic `event: error`) arrive as plain objects.
  if (error !== null && typeof error === "object" && !(error instanceof Error)) {
    const tag = JSON.stringify(error).slice(0, 500);
    if (/rate.?limit|"code":\s*429/i.test(tag)) return fromStatus(429);
    if (/overloaded/i.test(tag)) return errorEvent("http", "The model provider is overloaded.", true);
    return errorEvent("http", "The model provider reported an error while answering.", true);
  }
  return errorEvent("http", "The connection to the model provider failed.", true);
}
