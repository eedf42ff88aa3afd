// Shared by the Playwright server script and the specs.
export const E2E_DATABASE_URL =
  process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/arena_e2e";

/** The scripted LLM server (e2e/fake-llm-server.ts), a second Playwright webServer. */
export const FAKE_LLM_ORIGIN = `http://127.0.0.1:${process.env.E2E_LLM_PORT ?? 4010}`;
export const FAKE_LLM_URL = `${FAKE_LLM_ORIGIN}/v1`;
