import { createGoogleGenerativeAI } from "@ai-sdk/google";
import type { GoogleConfig } from "./config";
import type { ProviderBackend } from "./types";

export const googleBackend: ProviderBackend<GoogleConfig> = {
  defaultApiKeyEnv: "GOOGLE_GENERATIVE_AI_API_KEY",
  createModel(config, apiKey) {
    // apiKey is always passed explicitly so the SDK never falls back to reading the environment itself.
    const provider = createGoogleGenerativeAI({
      apiKey: apiKey ?? "",
      baseURL: config.baseURL?.replace(/\/+$/, ""),
    });
    return provider(config.model);
  },
};
