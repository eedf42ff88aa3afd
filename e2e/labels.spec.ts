import { expect, test } from "@playwright/test";
import { query } from "./db";
import { E2E_ADMIN } from "./env";
import { ArenaPage } from "./pages/arena-page";

// The prompt labeller from the console: a maintainer starts it with a live model (one
// the scripted LLM server answers), watches its progress and sees the labels stored.

test("a maintainer labels prompts from the console and watches it finish", async ({ page, browser }) => {
  // A voted battle, so that at least one prompt waits for its labels.
  const voter = await browser.newContext();
  const arena = new ArenaPage(await voter.newPage());
  await arena.goto();
  await arena.page.getByTestId("vote-left").click();
  await arena.expectRevealed();
  await voter.close();

  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(E2E_ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Labels" }).click();
  await expect(page).toHaveURL(/\/admin\/labels$/);

  const before = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM prompt_labels WHERE labeller = 'fast-a'",
  );
  await page.getByTestId("label-model").selectOption("fast-a");
  await page.getByLabel("Prompts per run").fill("2");
  await page.getByRole("button", { name: "Label prompts" }).click();
  await expect(page.getByTestId("label-prompts-result")).toContainText("Labelling started with fast-a");
  const status = page.getByTestId("label-status");
  await expect(status).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  const text = (await page.getByTestId("label-progress").textContent()) ?? "";
  const m = /^(\d+) of (\d+) prompts · (\d+) labels stored · 0 failed · \d+ battles tagged$/.exec(text);
  expect(m, text).not.toBeNull();
  const [done, total, labels] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
  expect(done).toBe(total);
  expect(total).toBeGreaterThanOrEqual(1);
  expect(total).toBeLessThanOrEqual(2);
  // Four published categories a prompt, each stored with the labeller's slug.
  expect(labels).toBe(4 * total);
  const after = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM prompt_labels WHERE labeller = 'fast-a'",
  );
  expect(after[0].n - before[0].n).toBe(labels);
  const audit = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_events WHERE action = 'labels.run'",
  );
  expect(audit[0].n).toBeGreaterThanOrEqual(1);
});
