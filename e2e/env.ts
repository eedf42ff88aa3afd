// Shared by the Playwright server script and the specs.
export const E2E_DATABASE_URL =
  process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/arena_e2e";

/** The scripted LLM server (e2e/fake-llm-server.ts), a second Playwright webServer. */
export const FAKE_LLM_ORIGIN = `http://127.0.0.1:${process.env.E2E_LLM_PORT ?? 4010}`;
export const FAKE_LLM_URL = `${FAKE_LLM_ORIGIN}/v1`;

/** The bootstrapped admin of the e2e server (e2e/serve.ts). */
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password-123" };
