import { anthropicBackend } from "./anthropic";
import type { LiveProviderConfig } from "./config";
import { googleBackend } from "./google";
import { openAiCompatibleBackend } from "./openai-compatible";
import type { ProviderBackend } from "./types";

type Backends = {
  [K in LiveProviderConfig["kind"]]: ProviderBackend<Extract<LiveProviderConfig, { kind: K }>>;
};

/** Live backends by provider kind; `corpus` models are answered from stored responses, not here. */
export const backends: Backends = {
  openai_compatible: openAiCompatibleBackend,
  anthropic: anthropicBackend,
  google: googleBackend,
};

export function getBackend<C extends LiveProviderConfig>(config: C): ProviderBackend<C> {
  return backends[config.kind] as ProviderBackend<C>;
}

/** Name of the env var that must hold this model's key, if it needs one. */
export function apiKeyEnvFor(config: LiveProviderConfig): string | undefined {
  return config.apiKeyEnv ?? backends[config.kind].defaultApiKeyEnv;
}

export type ApiKeyResult = { ok: true; apiKey: string | undefined } | { ok: false; message: string };

/** Reads the key at call time, so rotating it needs no restart of anything but the env. */
export function resolveApiKey(
  config: LiveProviderConfig,
  env: Record<string, string | undefined> = process.env,
): ApiKeyResult {
  const name = apiKeyEnvFor(config);
  if (!name) return { ok: true, apiKey: undefined };
  const value = env[name]?.trim();
  if (!value)
    return { ok: false, message: `The model is misconfigured: environment variable ${name} is not set.` };
  return { ok: true, apiKey: value };
}
