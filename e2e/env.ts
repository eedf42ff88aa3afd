// Shared by the Playwright server script and the specs.
export const E2E_DATABASE_URL =
  process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/arena_e2e";
