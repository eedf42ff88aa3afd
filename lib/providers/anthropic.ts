import { createAnthropic } from "@ai-sdk/anthropic";
import type { AnthropicConfig } from "./config";
import type { ProviderBackend } from "./types";

export const anthropicBackend: ProviderBackend<AnthropicConfig> = {
  defaultApiKeyEnv: "ANTHROPIC_API_KEY",
  createModel(config, apiKey) {
    // apiKey is always passed explicitly so the SDK never falls back to reading the environment itself.
    const provider = createAnthropic({ apiKey: apiKey ?? "", baseURL: config.baseURL?.replace(/\/+$/, "") });
    return provider(config.model);
  },
};
