import { expect, type Page, test } from "@playwright/test";
import { seedJudgeArena } from "../lib/testing/judge-arena";
import { query } from "./db";
import { E2E_ADMIN, FAKE_LLM_URL } from "./env";

// A maintainer runs an LLM judge over 200 human-voted battles from the console, against
// the scripted judge that prefers its own family (Acme), watches the progress, and reads
// agreement, κ, position bias, self-preference and the τ/RBO comparison; then downloads
// the judge votes. The seeded battles are removed afterwards (and the boards recomputed),
// so later specs see the arena as before.

const PREFIX = "e2ej";
const TOKEN = { authorization: "Bearer e2e-admin-token" };

async function cleanUp() {
  await query(
    `DELETE FROM judge_runs WHERE judge_model_id IN (SELECT id FROM models WHERE slug LIKE $1 || '-%')`,
    [PREFIX],
  );
  await query(
    `DELETE FROM votes WHERE battle_id IN (SELECT id FROM battles WHERE $1 || '-fixture' = ANY(category_tags))`,
    [PREFIX],
  );
  await query(`DELETE FROM battles WHERE $1 || '-fixture' = ANY(category_tags)`, [PREFIX]);
  await query(`DELETE FROM models WHERE slug LIKE $1 || '-%'`, [PREFIX]);
  await query(`DELETE FROM voters WHERE id = md5($1 || '-voter')::uuid`, [PREFIX]);
}

test.beforeAll(async () => {
  await cleanUp();
  await seedJudgeArena((sql, params) => query(sql, params), {
    prefix: PREFIX,
    battles: 200,
    llmUrl: FAKE_LLM_URL,
  });
});

test.afterAll(async ({ request }) => {
  await cleanUp();
  await request.post("/api/admin/recompute", { headers: TOKEN });
});

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(E2E_ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

test("the judges console and API are closed to guests; the token drives a run", async ({ page, request }) => {
  expect((await page.goto("/admin/judges"))?.status()).toBe(403);
  expect((await request.get("/api/admin/judges/runs")).status()).toBe(401);
  expect((await request.post("/api/admin/judges/runs", { data: { judge: "x", size: 1 } })).status()).toBe(
    401,
  );

  // Automation: start a small run of the judge that never gives a verdict, poll it, read it.
  const created = await request.post("/api/admin/judges/runs", {
    headers: TOKEN,
    data: { judge: `${PREFIX}-judge-garbled`, size: 3, category: `${PREFIX}-fixture` },
  });
  expect(created.status()).toBe(201);
  const { id, totalBattles } = await created.json();
  expect(totalBattles).toBe(3);
  await expect
    .poll(
      async () =>
        (await (await request.get(`/api/admin/judges/runs/${id}?view=progress`, { headers: TOKEN })).json())
          .run.status,
      {
        timeout: 30_000,
      },
    )
    .toBe("done");
  const report = await (await request.get(`/api/admin/judges/runs/${id}`, { headers: TOKEN })).json();
  expect(report.results).toMatchObject({ verdicts: 6, unparseable: 6 });
  // Nothing left to cancel.
  expect((await request.post(`/api/admin/judges/runs/${id}/cancel`, { headers: TOKEN })).status()).toBe(409);
});

test("a maintainer runs a judge over 200 battles, watches it and reads the results", async ({ page }) => {
  test.setTimeout(180_000); // 400 judge calls on a shared, loaded machine
  await signIn(page);
  await page.getByRole("link", { name: "Judges" }).click();
  await expect(page).toHaveURL(/\/admin\/judges$/);

  const form = page.getByTestId("judge-run-form");
  await form.getByTestId("judge-model").selectOption(`${PREFIX}-judge-family-acme`);
  await form.locator('input[name="size"]').fill("200");
  await form.locator('input[name="category"]').fill(`${PREFIX}-fixture`);
  await form.getByRole("button", { name: "Start judge run" }).click();
  await expect(page.getByTestId("judge-run-form-result")).toHaveText(
    "Run started: 200 battles, 400 judge calls.",
  );

  await page.getByTestId("judge-run-link").first().click();
  await expect(page).toHaveURL(/\/admin\/judges\/[0-9a-f-]{36}$/);
  const runId = page.url().split("/").at(-1)!;
  await expect(page.getByRole("progressbar", { name: "Judge run progress" })).toBeVisible();

  // Watch the progress until the run is done (the page polls the API each second).
  const seen: number[] = [];
  await expect(async () => {
    const text = (await page.getByTestId("judge-verdicts").textContent()) ?? "";
    seen.push(Number(text.split("/")[0]));
    await expect(page.getByTestId("judge-status")).toHaveText("done", { timeout: 1000 });
  }).toPass({ timeout: 150_000, intervals: [500] });
  expect(
    seen.some((n) => n < 400),
    `progress seen: ${seen.join(",")}`,
  ).toBe(true);
  await expect(page.getByTestId("judge-verdicts")).toHaveText("400 / 400 verdicts");

  // The results, re-rendered once the run stopped.
  await expect(page.getByTestId("judge-agreement")).toContainText("Same verdict as the human vote");
  await expect(page.getByTestId("judge-kappa")).toContainText("95% CI");
  await expect(page.getByTestId("judge-flip-rate")).toContainText("0.0%");
  await expect(page.getByTestId("judge-favoured")).toHaveText("neither side");
  await expect(page.getByTestId("judge-self-preference")).toContainText("judge's family (acme)");
  await expect(page.getByTestId("judge-self-pref")).toContainText("+");
  await expect(page.getByTestId("judge-tau")).toContainText("95% CI");
  await expect(page.getByTestId("judge-rbo")).toContainText("95% CI");
  await expect(page.getByTestId("judge-leaderboards").locator("tbody tr")).toHaveCount(5);
  // The disagreements are the Acme-favouring verdicts; each links to the battle.
  const disagreements = page.getByTestId("judge-disagreements").locator("tbody tr");
  expect(await disagreements.count()).toBeGreaterThan(0);
  await disagreements.first().getByText("Judge's answers").click();
  await expect(disagreements.first()).toContainText("A first:");

  // The same numbers in the JSON API: the planted self-preference is found, the order never matters.
  const report = await (await page.request.get(`/api/admin/judges/runs/${runId}`)).json();
  expect(report.run.status).toBe("done");
  expect(report.results.verdicts).toBe(400);
  expect(report.results.positionBias.flipRate.value).toBe(0);
  expect(report.results.selfPreference.judgeOwnRate).toBe(1);
  expect(report.results.selfPreference.delta.ciLow).toBeGreaterThan(0);
  expect(report.results.agreement.kappa.value).toBeGreaterThan(0.5);
  expect(report.results.agreement.kappa.value).toBeLessThan(1);

  // Judge votes download in a human dump's format, marked as judge votes.
  const dump = await page.request.get(`/api/admin/judges/runs/${runId}/votes?format=fastchat_jsonl`);
  expect(dump.headers()["content-disposition"]).toContain("judge-votes");
  const rows = (await dump.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(rows).toHaveLength(400);
  expect(
    rows.every((r) => r.judge === `llm-judge:${PREFIX}-judge-family-acme` && r.judge_source === "llm_judge"),
  ).toBe(true);

  // Nothing of it in the human dump.
  const human = await page.request.get("/api/export/votes?format=fastchat_jsonl&include_excluded=true");
  expect(await human.text()).not.toContain("llm-judge");
});
