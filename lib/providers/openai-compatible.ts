import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { OpenAiCompatibleConfig } from "./config";
import type { ProviderBackend } from "./types";

/** OpenAI itself, vLLM, Ollama, llama.cpp, OpenRouter, LM Studio… anything speaking /chat/completions. */
export const openAiCompatibleBackend: ProviderBackend<OpenAiCompatibleConfig> = {
  createModel(config, apiKey) {
    const provider = createOpenAICompatible({
      name: "arena",
      baseURL: config.baseURL.replace(/\/+$/, ""),
      apiKey,
      includeUsage: config.streamUsage ?? true,
    });
    return provider.chatModel(config.model);
  },
};
