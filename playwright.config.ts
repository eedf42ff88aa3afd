import { defineConfig, devices } from "@playwright/test";
import { configuredChromium } from "./scripts/ensure-browser";

// Debian's Chromium by default (no browser downloads here); PLAYWRIGHT_CHROMIUM
// overrides, and without either Playwright's own browser is used (a laptop; `npm test`
// installs it first, see scripts/ensure-browser.ts).
const chromium = configuredChromium();
const PORT = Number(process.env.E2E_PORT ?? 3100);
const LLM_PORT = Number(process.env.E2E_LLM_PORT ?? 4010);

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--headless=new",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
      ],
    },
  },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      // The scripted OpenAI-compatible server the live models in e2e/models.e2e.json call.
      command: `node_modules/.bin/tsx e2e/fake-llm-server.ts --port ${LLM_PORT}`,
      url: `http://127.0.0.1:${LLM_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `node_modules/.bin/tsx --conditions=react-server e2e/serve.ts`,
      url: `http://127.0.0.1:${PORT}/leaderboard`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      env: { E2E_PORT: String(PORT), E2E_LLM_PORT: String(LLM_PORT) },
    },
  ],
});
