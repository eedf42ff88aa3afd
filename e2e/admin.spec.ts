import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { query } from "./db";
import { E2E_ADMIN, FAKE_LLM_URL } from "./env";
import { ArenaPage } from "./pages/arena-page";

// The console, end to end in Chromium: the bootstrapped admin signs in, adds a live
// model that calls the scripted server, tests it, sees it offered in battles, pauses
// it; imports a corpus file; quarantines a voter; signs out and is refused everywhere.

const ADMIN_URLS = [
  "/admin",
  "/admin/models",
  "/admin/models/fast-a",
  "/admin/corpora",
  "/admin/labels",
  "/admin/votes",
  "/admin/voters",
  "/admin/leaderboard",
  "/admin/stats",
  "/admin/users",
  "/admin/audit",
  "/admin/voter-quality",
];

async function signIn(page: Page, password = E2E_ADMIN.password) {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(E2E_ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a guest gets 403 on every console URL and 401 from the console API", async ({ page, request }) => {
  for (const url of ADMIN_URLS) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(403);
    await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
  }
  expect((await request.post("/api/admin/recompute")).status()).toBe(401);
  // The automation token still works for scripts.
  const ok = await request.post("/api/admin/recompute", {
    headers: { authorization: "Bearer e2e-admin-token" },
  });
  expect(ok.status()).toBe(200);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await signIn(page, "not-the-password");
  await expect(page.getByTestId("signin-error")).toHaveText("Wrong email or password.");
  expect((await page.goto("/admin"))?.status()).toBe(403);
});

test("an expired or revoked session is told to sign in again", async ({ page, context, baseURL }) => {
  await context.addCookies([
    { name: "authjs.session-token", value: "expired-or-forged", url: baseURL ?? "" },
  ]);
  expect((await page.goto("/admin"))?.status()).toBe(403);
  await page.goto("/signin");
  await expect(page.getByRole("status").filter({ hasText: "Your session has expired" })).toBeVisible();
});

test("the admin runs the arena from the console, then signs out", async ({ page, browser }) => {
  test.setTimeout(180_000); // eleven steps through the browser; the shared machine is slow
  await signIn(page);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId("console-user")).toContainText(E2E_ADMIN.email);

  // Add a live model; an inline key is refused and nothing is written.
  await page.goto("/admin/models");
  const form = page.getByTestId("model-form");
  await form.getByLabel("Slug").fill("console-echo");
  await form.getByLabel("Display name").fill("Console Echo");
  await form.getByLabel("Base URL").fill(FAKE_LLM_URL);
  await form.getByLabel("Upstream model name").fill("fast-a");
  await form.getByLabel("API key env var (name only)").fill("sk-live-abcdefghijklmnopqrstuvwx");
  await form.getByRole("button", { name: "Add model" }).click();
  await expect(page.getByTestId("model-form-result")).toContainText("NAME of an env var");
  expect(await query("SELECT 1 FROM models WHERE slug = 'console-echo'")).toHaveLength(0);
  await form.getByLabel("API key env var (name only)").fill("");
  await form.getByRole("button", { name: "Add model" }).click();
  await expect(page.getByTestId("model-form-result")).toHaveText("Added console-echo.");

  await page.goto("/admin/models/console-echo");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-connection-result")).toContainText(
    /Connected: first token after \d+ ms/,
  );

  // Offered in battles (named mode lists every active live model) ...
  await page.goto("/?mode=live");
  await page.getByTestId("mode-named").click();
  await expect(page.getByTestId("pick-left").locator("option", { hasText: "Console Echo" })).toHaveCount(1);
  // ... until paused.
  await page.goto("/admin/models/console-echo");
  await page.getByTestId("status-paused").getByRole("button", { name: "Pause" }).click();
  // The page re-renders with the new status (and the Reactivate / Deprecate buttons).
  await expect(page.getByTestId("model-status")).toHaveText("paused");
  await page.goto("/?mode=live");
  await page.getByTestId("mode-named").click();
  await expect(page.getByTestId("pick-left").locator("option", { hasText: "Swift Falcon" })).toHaveCount(1);
  await expect(page.getByTestId("pick-left").locator("option", { hasText: "Console Echo" })).toHaveCount(0);

  // Corpus upload: a malformed file imports nothing; a good one reports its summary.
  await page.goto("/admin/corpora");
  const upload = page.getByTestId("corpus-upload");
  await upload
    .locator('input[type="file"]')
    .setInputFiles(path.join(import.meta.dirname, "fixtures/corpus-bad.jsonl"));
  await upload.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("corpus-upload-status")).toContainText("nothing was imported");
  expect(await query("SELECT 1 FROM corpora WHERE name = 'corpus-bad'")).toHaveLength(0);
  await upload
    .locator('input[type="file"]')
    .setInputFiles(path.join(import.meta.dirname, "fixtures/corpus-ok.jsonl"));
  await upload.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("corpus-upload-status")).toContainText("prompts:   2 new");
  await expect(page.getByTestId("corpora")).toContainText("corpus-ok");

  // A voter votes (their own browser context), then is quarantined: their vote leaves the board.
  const voterContext = await browser.newContext();
  const voterPage = await voterContext.newPage();
  const arena = new ArenaPage(voterPage);
  await voterPage.goto("/?mode=corpus");
  // A second browser on a shared, loaded machine: give the first render more time.
  await expect(voterPage.getByTestId("battle")).toBeVisible({ timeout: 30_000 });
  const battleId = await arena.waitForBattle();
  await voterPage.getByTestId("vote-left").click();
  await arena.expectRevealed();
  await voterContext.close();
  const [{ voter_id: voterId }] = await query<{ voter_id: string }>(
    "SELECT voter_id::text FROM votes WHERE battle_id = $1",
    [battleId],
  );
  await page.goto("/admin/leaderboard");
  await page.getByRole("button", { name: "Recompute now" }).click();
  await expect(page.getByTestId("recompute-result")).toContainText("Recomputed");
  const counted = async () =>
    Number(
      (
        await query<{ n: number }>(
          "SELECT num_votes AS n FROM leaderboard_snapshots WHERE category = 'overall' AND kind = 'plain' ORDER BY created_at DESC LIMIT 1",
        )
      )[0].n,
    );
  const before = await counted();
  expect(before).toBeGreaterThan(0);

  await page.goto(`/admin/voters/${voterId}`);
  await page.getByLabel(/^Reason/).fill("e2e ballot stuffing");
  await page.getByRole("button", { name: "Quarantine" }).click();
  // The page re-renders: the voter is shown quarantined, with the Release form.
  await expect(page.getByTestId("voter-summary")).toContainText("0 counted");
  await expect(page.getByTestId("voter-summary")).toContainText("quarantined: e2e ballot stuffing");
  await expect(page.getByTestId("release-form")).toBeVisible();
  await page.goto("/admin/leaderboard");
  await page.getByRole("button", { name: "Recompute now" }).click();
  await expect(page.getByTestId("recompute-result")).toContainText("Recomputed");
  expect(await counted()).toBe(before - 1);
  await page.goto("/admin/voters");
  await expect(page.getByTestId("reason-counts")).toContainText("voter quarantined: e2e ballot stuffing");
  await page.goto("/leaderboard");
  await expect(page.getByTestId("snapshot-meta")).toContainText(`${before - 1} votes counted`);

  // Admins see the audit log of all of it.
  await page.goto("/admin/audit");
  for (const action of [
    "model.create",
    "model.paused",
    "corpus.import",
    "voter.quarantine",
    "leaderboard.recompute",
  ]) {
    await expect(page.getByTestId("audit")).toContainText(action);
  }

  // Sign out: every console URL is refused again.
  await page.goto("/admin");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/signin\?signed-out=1/);
  for (const url of ADMIN_URLS) expect((await page.goto(url))?.status(), url).toBe(403);
});

test("console pages work on a phone-sized screen with the keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signIn(page);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/stats");
  await expect(page.getByTestId("stats-charts")).toBeVisible();
  // No horizontal scrolling of the page itself.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.goto("/admin/models");
  await page.keyboard.press("Tab");
  await expect(page.getByText("Skip to content")).toBeFocused();
});
