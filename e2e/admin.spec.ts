import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { query } from "./db";
import { FAKE_LLM_URL } from "./env";
import { ArenaPage } from "./pages/arena-page";
import { ADMIN_URLS, resultOf, signIn, signInAsAdmin } from "./pages/console";

// The console, end to end in Chromium: the bootstrapped admin signs in, adds a live
// model that calls the scripted server, tests it, edits it, sees it offered in battles,
// pauses and deprecates it; imports a corpus file; quarantines a voter and releases
// them; compares two snapshots; signs out and is refused everywhere. Accounts, roles,
// sessions and layouts: e2e/admin-accounts.spec.ts.

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

const modelRow = async (slug: string) =>
  (
    await query<{ display_name: string; sampling_weight: number; status: string; provider_config: unknown }>(
      "SELECT display_name, sampling_weight, status::text, provider_config FROM models WHERE slug = $1",
      [slug],
    )
  )[0];

async function liveOptions(page: Page) {
  await page.goto("/?mode=live");
  await page.getByTestId("mode-named").click();
  const left = page.getByTestId("pick-left");
  await expect(left.locator("option", { hasText: "Swift Falcon" })).toHaveCount(1);
  return left;
}

async function addAndEditModel(page: Page) {
  // Add a live model; an inline key is refused and nothing is written.
  await page.goto("/admin/models");
  const form = page.getByTestId("model-form");
  await form.getByLabel("Slug").fill("console-echo");
  await form.getByLabel("Display name").fill("Console Echo");
  await form.getByLabel("Base URL").fill(FAKE_LLM_URL);
  await form.getByLabel("Upstream model name").fill("fast-a");
  await form.getByLabel("API key env var (name only)").fill("sk-live-abcdefghijklmnopqrstuvwx");
  await form.getByRole("button", { name: "Add model" }).click();
  await expect(resultOf(page, "model-form")).toContainText("NAME of an env var");
  await expect(resultOf(page, "model-form")).toHaveAttribute("role", "alert");
  expect(await query("SELECT 1 FROM models WHERE slug = 'console-echo'")).toHaveLength(0);
  await form.getByLabel("API key env var (name only)").fill("");
  await form.getByRole("button", { name: "Add model" }).click();
  await expect(resultOf(page, "model-form")).toHaveText("Added console-echo.");
  await expect(page.getByTestId("model-row-console-echo")).toContainText("Console Echo");

  // Test connection: the latency on success ...
  await page.goto("/admin/models/console-echo");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(resultOf(page, "test-connection")).toContainText(/Connected: first token after \d+ ms/);

  // ... edit: a key hidden in the other settings is refused and changes nothing ...
  const edit = page.getByTestId("model-form");
  await edit.getByLabel("Other settings (JSON)").fill('{"apiKey": "sk-proj-abcdefghijklmnopqrstuvwxyz0123"}');
  await edit.getByLabel("Display name").fill("Console Echo Two");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(resultOf(page, "model-form")).toContainText("inline API keys are not allowed");
  expect((await modelRow("console-echo")).display_name).toBe("Console Echo");
  // ... a real edit (display name, weight, an upstream that answers HTTP 500) is saved ...
  await edit.getByLabel("Other settings (JSON)").fill('{"temperature": 0.2}');
  await edit.getByLabel("Organisation").fill("Console Lab");
  await edit.getByLabel("Sampling weight").fill("2");
  await edit.getByLabel("Upstream model name").fill("error500-x");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(resultOf(page, "model-form")).toHaveText("Saved console-echo.");
  const saved = await modelRow("console-echo");
  expect(saved).toMatchObject({ display_name: "Console Echo Two", sampling_weight: 2 });
  expect(saved.provider_config).toMatchObject({ model: "error500-x", temperature: 0.2 });
  // ... and a failing connection says how long it took and why.
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(resultOf(page, "test-connection")).toContainText(/Connection failed after \d+ ms: .*500/);
  await expect(resultOf(page, "test-connection")).toHaveAttribute("role", "alert");
  await edit.getByLabel("Upstream model name").fill("fast-a");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(resultOf(page, "model-form")).toHaveText("Saved console-echo.");
  await page.goto("/admin/models");
  await expect(page.getByTestId("model-row-console-echo")).toContainText("Console Echo Two");
}

async function pauseAndDeprecate(page: Page) {
  // Offered in battles (named mode lists every active live model) ...
  await expect((await liveOptions(page)).locator("option", { hasText: "Console Echo Two" })).toHaveCount(1);
  // ... until paused: the page re-renders with the new status and keeps the confirmation.
  await page.goto("/admin/models/console-echo");
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(resultOf(page, "model-status-form")).toHaveText("console-echo is now paused.");
  await expect(page.getByTestId("model-status")).toHaveText("paused");
  await expect(page.getByTestId("status-paused")).toBeDisabled();
  await expect((await liveOptions(page)).locator("option", { hasText: "Console Echo" })).toHaveCount(0);
  // Deprecated: retired (still out of battles).
  await page.goto("/admin/models/console-echo");
  await page.getByRole("button", { name: "Deprecate" }).click();
  await expect(resultOf(page, "model-status-form")).toHaveText("console-echo is now deprecated.");
  await expect(page.getByTestId("model-status")).toHaveText("deprecated");
  expect((await modelRow("console-echo")).status).toBe("deprecated");
  await expect((await liveOptions(page)).locator("option", { hasText: "Console Echo" })).toHaveCount(0);
}

async function importCorpus(page: Page) {
  // A malformed file imports nothing and says why.
  await page.goto("/admin/corpora");
  const upload = page.getByTestId("corpus-upload");
  const status = page.getByTestId("corpus-upload-status");
  await upload
    .locator('input[type="file"]')
    .setInputFiles(path.join(import.meta.dirname, "fixtures/corpus-bad.jsonl"));
  await upload.getByRole("button", { name: "Import" }).click();
  await expect(status).toContainText("nothing was imported");
  await expect(status.getByRole("alert")).toBeVisible();
  expect(await query("SELECT 1 FROM corpora WHERE name = 'corpus-bad'")).toHaveLength(0);
  // A good one: progress while the server works (held back a moment here so it can be
  // seen), then the summary, and the corpus in the list.
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  await page.route("**/api/admin/corpora", async (route) => {
    await held;
    await route.continue();
  });
  await upload
    .locator('input[type="file"]')
    .setInputFiles(path.join(import.meta.dirname, "fixtures/corpus-ok.jsonl"));
  await upload.getByRole("button", { name: "Import" }).click();
  await expect(upload.getByRole("button", { name: "Importing…" })).toBeDisabled();
  await expect(status.locator("progress")).toBeVisible();
  release();
  await expect(status).toContainText("prompts:   2 new");
  await page.unroute("**/api/admin/corpora");
  await expect(page.getByTestId("corpora")).toContainText("corpus-ok");
}

test("the admin runs the arena from the console, then signs out", async ({ page, browser }) => {
  test.setTimeout(240_000); // many steps through the browser; the shared machine is slow
  await signInAsAdmin(page);
  await expect(page.getByTestId("console-user")).toContainText("admin@e2e.test");

  await addAndEditModel(page);
  await pauseAndDeprecate(page);
  await importCorpus(page);

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
  const recompute = async () => {
    await page.goto("/admin/leaderboard");
    await page.getByRole("button", { name: "Recompute now" }).click();
    await expect(resultOf(page, "recompute")).toContainText("Recomputed");
  };
  const counted = async () =>
    Number(
      (
        await query<{ n: number }>(
          "SELECT num_votes AS n FROM leaderboard_snapshots WHERE category = 'overall' AND kind = 'plain' ORDER BY created_at DESC LIMIT 1",
        )
      )[0].n,
    );
  await recompute();
  const before = await counted();
  expect(before).toBeGreaterThan(0);

  await page.goto(`/admin/voters/${voterId}`);
  await page.getByLabel(/^Reason/).fill("e2e ballot stuffing");
  await page.getByRole("button", { name: "Quarantine" }).click();
  // The page re-renders (the voter quarantined, the form now releases) and keeps the confirmation.
  await expect(resultOf(page, "quarantine-form")).toContainText(
    'Quarantined: 1 votes no longer count ("e2e ballot stuffing")',
  );
  await expect(page.getByTestId("voter-summary")).toContainText("0 counted");
  await expect(page.getByTestId("voter-summary")).toContainText("quarantined: e2e ballot stuffing");
  await expect(page.getByRole("button", { name: "Release" })).toBeVisible();
  await recompute();
  expect(await counted()).toBe(before - 1);
  await page.goto("/admin/voters");
  await expect(page.getByTestId("reason-counts")).toContainText("voter quarantined: e2e ballot stuffing");
  await page.goto("/leaderboard");
  await expect(page.getByTestId("snapshot-meta")).toContainText(`${before - 1} votes counted`);

  // Release: exactly that vote counts again.
  await page.goto(`/admin/voters/${voterId}`);
  await page.getByLabel("Note (optional)").fill("e2e: a false alarm");
  await page.getByRole("button", { name: "Release" }).click();
  await expect(resultOf(page, "quarantine-form")).toHaveText("Released: 1 votes count again.");
  await expect(page.getByTestId("voter-summary")).toContainText("1 counted");
  await expect(page.getByTestId("voter-summary")).toContainText("not quarantined");
  await recompute();
  expect(await counted()).toBe(before);

  // Compare two snapshots: the one with the quarantine in force (A) and the newest (B).
  const [latest, quarantined] = await query<{ id: string }>(
    "SELECT id::text FROM leaderboard_snapshots WHERE category = 'overall' AND kind = 'plain' ORDER BY created_at DESC LIMIT 2",
  );
  await page.locator(`input[name="a"][value="${quarantined.id}"]`).check();
  await page.locator(`input[name="b"][value="${latest.id}"]`).check();
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(new RegExp(`a=${quarantined.id}`));
  await expect(page).toHaveURL(new RegExp(`b=${latest.id}`));
  await expect(page.getByTestId("compare-meta")).toContainText(`${before - 1} votes`);
  await expect(page.getByTestId("compare-meta")).toContainText(`${before} votes`);
  await expect(page.getByTestId("compare-meta")).toContainText("Different vote sets (+1 votes).");
  await expect(page.getByTestId("compare").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("compare").getByRole("columnheader", { name: "B − A" })).toBeVisible();

  // Admins see the audit log of all of it.
  await page.goto("/admin/audit");
  for (const action of [
    "model.create",
    "model.edit",
    "model.paused",
    "model.deprecated",
    "corpus.import",
    "voter.quarantine",
    "voter.release",
    "leaderboard.recompute",
  ]) {
    await expect(page.getByTestId("audit")).toContainText(action);
  }

  // Sign out: every console URL is refused again.
  await page.goto("/admin");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/signin\?signed-out=1/);
  await expect(page.getByRole("status").filter({ hasText: "You are signed out." })).toBeVisible();
  for (const url of ADMIN_URLS) expect((await page.goto(url))?.status(), url).toBe(403);
  // Signing back in works (nothing above locked the account).
  await signIn(page);
  await expect(page).toHaveURL(/\/admin$/);
});
