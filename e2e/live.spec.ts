import { expect, test } from "@playwright/test";
import { query } from "./db";
import { closedRequests, LivePage, resetFakeRequests, type Side } from "./pages/live-page";

// Live battles in Chromium against the scripted server (e2e/models.e2e.json): anonymous
// battles draw fast-a vs slow-a (the only models with weight > 0); named mode forces pairs.

let serverErrors: string[] = [];
test.beforeEach(async ({ page }) => {
  await resetFakeRequests();
  serverErrors = [];
  page.on("response", (res) => {
    if (res.status() >= 500) serverErrors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
});
// Never a 500 page, nor a 500 from the stream endpoint or an action.
test.afterEach(() => expect(serverErrors).toEqual([]));

const other = (s: Side): Side => (s === "left" ? "right" : "left");

test("three-turn anonymous battle: both stream, one is stopped mid-stream, vote, reveal", async ({
  page,
}) => {
  const live = new LivePage(page);
  await live.goto();
  await live.send("Tell me about rivers.");
  const battleId = await live.battleId();
  // One side (the slow model) is still answering: no vote yet.
  await expect(
    page.locator(
      '[data-testid="live-left"][data-status="streaming"], [data-testid="live-right"][data-status="streaming"]',
    ),
  ).toHaveCount(1);
  await live.expectVoting(false);
  // The slow model is still streaming once the fast one is done: that is the side to stop later.
  await expect(page.getByTestId(/^live-(left|right)$/).filter({ hasText: "word2" })).toHaveCount(1);
  const slow: Side = (await live.side("left").textContent())?.includes("word2") ? "left" : "right";
  await expect(live.side(other(slow))).toContainText('you said "Tell me about rivers."');
  await expect(live.side(other(slow))).toHaveAttribute("data-status", "done");
  await live.expectVoting(false);
  await live.waitSettled();
  await expect(live.side(slow)).toContainText("word50");
  await live.expectVoting(true);

  await live.followUp("And about lakes?");
  await expect(page.getByTestId("turn-1")).toBeVisible();
  await live.waitSettled();
  await expect(live.side(other(slow))).toContainText("Turn 2 (variant");

  await live.followUp("Finally, oceans?");
  await expect(page.getByTestId("turn-2")).toBeVisible();
  await expect(live.side(slow)).toContainText("word3");
  await page.getByTestId(`stop-${slow}`).click();
  await expect(live.side(slow)).toHaveAttribute("data-status", "stopped");
  await expect(live.side(slow)).not.toContainText("word50");
  await live.waitSettled();
  await expect(live.side(other(slow))).toContainText("Turn 3 (variant");
  // Anonymity holds until the vote: no model name anywhere in the battle.
  await expect(page.getByTestId("live-arena")).not.toContainText(
    /Swift Falcon|Patient Tortoise|fast-a|slow-a/,
  );
  await expect(page.getByTestId("leak-warning")).toHaveCount(0);

  await page.getByTestId(`vote-${other(slow)}`).click();
  await expect(page.getByTestId("vote-status")).toContainText("It counts toward the public leaderboard");
  await expect(page.getByTestId(`live-${slow}-model`)).toContainText("Patient Tortoise");
  await expect(page.getByTestId(`live-${other(slow)}-model`)).toContainText("Swift Falcon");
  await expect(page.getByTestId(`live-${other(slow)}-model`)).toContainText("winner");
  await live.expectVoting(false);

  // Stop really cancelled the upstream request; every model got the full history.
  const third = await closedRequests("Finally, oceans?", 2);
  expect(third.find((r) => r.model === "slow-a")?.clientAborted).toBe(true);
  expect(third.find((r) => r.model === "fast-a")?.completed).toBe(true);
  for (const r of third)
    expect(r.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);

  const [battle] = await query<{
    status: string;
    mode: string;
    sampler_name: string;
    category_tags: string[];
  }>(`SELECT status::text, mode::text, sampler_name, category_tags FROM battles WHERE id = $1`, [battleId]);
  expect(battle).toMatchObject({ status: "voted", mode: "anonymous", sampler_name: "active" });
  expect(battle.category_tags).toContain("multi_turn");
  const stopped = await query<{ content: string }>(
    `SELECT m.content FROM messages m JOIN models md ON md.slug = 'slow-a'
     JOIN battles b ON b.id = m.battle_id
     WHERE m.battle_id = $1 AND m.turn = 2 AND m.finish_reason = 'stopped'
       AND m.side = CASE WHEN b.model_a_id = md.id THEN 'a'::"Side" ELSE 'b'::"Side" END`,
    [battleId],
  );
  expect(stopped).toHaveLength(1);
  expect(stopped[0].content).toMatch(/^word1 word2 word3/);
  const [vote] = await query<{ counts_for_public: boolean }>(
    `SELECT counts_for_public FROM votes WHERE battle_id = $1`,
    [battleId],
  );
  expect(vote.counts_for_public).toBe(true);
});

test("a leaking model triggers the warning before the vote and the vote is excluded", async ({ page }) => {
  // Only leak-a and fast-b can be drawn for this anonymous battle.
  await query(`UPDATE models SET sampling_weight = CASE WHEN slug IN ('leak-a', 'fast-b') THEN 1 ELSE 0 END`);
  try {
    const live = new LivePage(page);
    await live.goto();
    await live.send("Hello! Please introduce the topic of tides.");
    await expect(page.getByTestId("leak-warning")).toBeVisible();
    await live.waitSettled();
    await live.expectVoting(true);
    await expect(page.getByTestId("leak-warning")).toContainText("will not count");
    await page.getByTestId("vote-tie").click();
    await expect(page.getByTestId("vote-status")).toContainText("Not counted publicly");
    const battleId = await live.battleId();
    const [row] = await query<{ counts_for_public: boolean; exclusion_reason: string; flags: number }>(
      `SELECT v.counts_for_public, v.exclusion_reason, jsonb_array_length(b.leak_flags) AS flags
       FROM votes v JOIN battles b ON b.id = v.battle_id WHERE v.battle_id = $1`,
      [battleId],
    );
    expect(row.counts_for_public).toBe(false);
    expect(row.exclusion_reason).toMatch(/identity was revealed/);
    expect(row.flags).toBeGreaterThan(0);
  } finally {
    await query(
      `UPDATE models SET sampling_weight = CASE WHEN slug IN ('fast-a', 'slow-a') THEN 1 ELSE 0 END`,
    );
  }
});

for (const [model, message] of [
  ["error500-a", /HTTP 500/],
  ["ratelimit-a", /rate limiting/],
  ["stall-a", /stopped sending output/],
  ["hang-a", /did not start answering/],
  ["garbage-a", /could not be parsed/],
  ["empty-a", /empty response/],
] as const) {
  test(`${model}: the failure shows on its side with Retry and New battle; the battle is errored`, async ({
    page,
  }) => {
    const live = new LivePage(page);
    await live.goto();
    await live.pick(model, "fast-a");
    await live.send("Count to three.");
    const error = page.getByTestId("live-left-error");
    await expect(error).toBeVisible({ timeout: 15_000 });
    await expect(error).toContainText(message);
    await expect(live.side("right")).toHaveAttribute("data-status", "done");
    await expect(page.getByTestId("vote-status")).toContainText("cannot be voted on");
    await live.expectVoting(false);
    const battleId = await live.battleId();
    await expect(async () => {
      const [b] = await query<{ status: string; error_reason: string }>(
        `SELECT status::text, error_reason FROM battles WHERE id = $1`,
        [battleId],
      );
      expect(b.status).toBe("errored");
      expect(b.error_reason).toMatch(/^[ab]: /);
    }).toPass();

    // Retry runs that side again (the scripted model fails again), as a new attempt on record.
    await page.getByTestId("retry-left").click();
    await expect(live.side("left")).toHaveAttribute("data-status", "error", { timeout: 15_000 });
    await expect(async () => {
      const [{ n }] = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE battle_id = $1 AND side IS NOT NULL AND provider_error IS NOT NULL`,
        [battleId],
      );
      expect(n).toBe(2);
    }).toPass();
    await page.getByTestId("new-battle-left").click();
    await expect(page.getByTestId("live-prompt")).toBeVisible();
  });
}

test("closing the tab cancels both upstream requests and keeps what was said", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const live = new LivePage(page);
  await live.goto();
  await live.pick("slow-a", "hang-a");
  await live.send("Closing marker 7f3a: write a long answer.");
  await expect(live.side("left")).toContainText("word2");
  const battleId = await live.battleId();
  await context.close();
  const requests = await closedRequests("Closing marker 7f3a", 2);
  for (const r of requests) expect(r.clientAborted, r.model).toBe(true);
  await expect(async () => {
    const rows = await query<{ finish_reason: string }>(
      `SELECT finish_reason FROM messages WHERE battle_id = $1 AND side IS NOT NULL`,
      [battleId],
    );
    expect(rows.map((r) => r.finish_reason)).toEqual(["disconnected", "disconnected"]);
  }).toPass();
});

test("a response with <script>, event handlers and javascript: links does nothing", async ({ page }) => {
  const live = new LivePage(page);
  await live.goto();
  await live.pick("xss-a", "fast-a");
  await live.send("Show me some markdown.");
  await live.waitSettled();
  const side = live.side("left");
  await expect(side.locator("strong")).toHaveText("markdown");
  await expect(side.locator("pre code")).toContainText("console.log");
  await expect(page.locator("main script")).toHaveCount(0);
  await expect(side.locator("img[onerror]")).toHaveCount(0);
  const hrefs = await side.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.some((h) => h.toLowerCase().startsWith("javascript:"))).toBe(false);
  await side
    .getByText("click")
    .click({ timeout: 2000 })
    .catch(() => {});
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
