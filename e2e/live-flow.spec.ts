import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { query } from "./db";
import { LivePage, resetFakeRequests } from "./pages/live-page";

test.beforeEach(resetFakeRequests);

test("the home page opens the live arena; the fixed-prompt arena is one click away", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("live-prompt")).toBeVisible();
  await page.getByTestId("tab-corpus").click();
  await expect(page.getByTestId("battle")).toBeVisible();
  await expect(page.getByTestId("vote-left")).toBeEnabled();
  await page.getByTestId("tab-live").click();
  await expect(page.getByTestId("live-prompt")).toBeVisible();
});

test("named mode: chosen names shown, keyboard, Regenerate before and after the vote, not counted", async ({
  page,
}) => {
  const live = new LivePage(page);
  await live.goto();
  await page.getByTestId("surprise-me").click();
  await expect(page.getByTestId("live-prompt")).not.toHaveValue("");
  await live.pick("fast-a", "fast-b");
  await page.getByTestId("live-prompt").fill("First line");
  await page.getByTestId("live-prompt").press("Shift+Enter");
  await page.getByTestId("live-prompt").pressSequentially("second line");
  await expect(page.getByTestId("live-prompt")).toHaveValue("First line\nsecond line");
  await page.getByTestId("live-prompt").press("Enter");
  await live.waitSettled();
  const battleId = await live.battleId();
  await expect(page.getByTestId("live-left-model")).toContainText("Swift Falcon");
  await expect(page.getByTestId("live-right-model")).toContainText("Steady Heron");
  await expect(page.getByTestId("named-notice")).toBeVisible();

  // Regenerate before the vote: new answers, the first ones stay on record.
  await page.getByTestId("regenerate").click();
  await expect(async () => {
    const attempts = await query<{ attempt: number; finish_reason: string | null }>(
      `SELECT attempt, finish_reason FROM messages WHERE battle_id = $1 AND side IS NOT NULL ORDER BY attempt`,
      [battleId],
    );
    expect(attempts.map((a) => [a.attempt, a.finish_reason])).toEqual([
      [0, "stop"],
      [0, "stop"],
      [1, "stop"],
      [1, "stop"],
    ]);
  }).toPass();
  await live.waitSettled();
  await live.expectVoting(true);

  // Vote keys typed into the follow-up box are text, not votes.
  await page.getByTestId("follow-up").pressSequentially("1 a b x");
  await expect(page.getByTestId("follow-up")).toHaveValue("1 a b x");
  await live.expectVoting(true);
  await page.getByTestId("follow-up").fill("");
  await page.getByTestId("vote-status").click(); // focus outside the textarea, so keys vote
  await page.keyboard.press("3");
  await expect(page.getByTestId("vote-status")).toContainText("Not counted publicly: named battle");

  // Regenerate after the vote: a new battle, same pair and conversation, linked to this one.
  await page.getByTestId("regenerate").click();
  await expect(page.getByTestId("live-arena")).not.toHaveAttribute("data-battle-id", battleId);
  await live.waitSettled();
  const childId = await live.battleId();
  const [child] = await query<{ parent_battle_id: string; sampler_name: string; mode: string }>(
    `SELECT parent_battle_id::text, sampler_name, mode::text FROM battles WHERE id = $1`,
    [childId],
  );
  expect(child).toEqual({ parent_battle_id: battleId, sampler_name: "regenerate", mode: "named" });
  await page.getByTestId("vote-left").click();
  await expect(page.getByTestId("vote-status")).toContainText("Not counted publicly");
  await page.keyboard.press("n");
  await expect(page.getByTestId("live-prompt")).toBeVisible();
});

test("keyboard: Esc stops streaming answers, then an arrow key votes", async ({ page }) => {
  const live = new LivePage(page);
  await live.goto();
  await live.pick("slow-a", "fast-b");
  await live.send("Count slowly.");
  await expect(live.side("left")).toContainText("word2");
  await page.keyboard.press("Escape");
  await expect(live.side("left")).toHaveAttribute("data-status", "stopped");
  await expect(live.side("left")).not.toContainText("word50");
  await live.waitSettled();
  await live.expectVoting(true);
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("vote-left")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("vote-status")).toContainText("Not counted publicly: named battle");
});

test("narrow screens stack the two answers", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const live = new LivePage(page);
  await live.goto();
  await live.pick("fast-a", "fast-b");
  await live.send("Short answer please.");
  await live.waitSettled();
  const left = await live.side("left").boundingBox();
  const right = await live.side("right").boundingBox();
  expect(left && right && right.y >= left.y + left.height).toBe(true);
  expect(right?.width).toBeGreaterThan(300);
});

test("the stream endpoint rejects bad requests with clear 4xx errors", async ({ page, browser }) => {
  const live = new LivePage(page);
  await live.goto();
  await live.pick("fast-a", "fast-b");
  await live.send("Ping.");
  await live.waitSettled();
  const url = `/api/battles/${await live.battleId()}/stream`;
  const bad = await page.request.post(url, { data: { turn: "zero" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/turn/);
  expect((await page.request.post(url, { data: { turn: 0, modelId: "fast-a" } })).status()).toBe(400);
  expect((await page.request.post(url, { data: { turn: 3 } })).status()).toBe(409);
  expect(
    (await page.request.post(`/api/battles/${randomUUID()}/stream`, { data: { turn: 0 } })).status(),
  ).toBe(404);
  const stranger = await browser.newContext();
  expect(
    (await stranger.request.post(new URL(url, page.url()).toString(), { data: { turn: 0 } })).status(),
  ).toBe(403);
  await stranger.close();
  // Streaming a settled turn again replays it (no new upstream call).
  const replay = await page.request.post(url, { data: { turn: 0 } });
  expect(replay.status()).toBe(200);
  expect(replay.headers()["content-type"]).toContain("application/x-ndjson");
  const lines = (await replay.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines.at(-1)).toEqual({ type: "end", status: "ready" });
  expect(JSON.stringify(lines)).not.toMatch(/fast-|Swift|Heron/);
});

test("without two live models the live tab explains models.json and the home page shows fixed prompts", async ({
  page,
}) => {
  // Pause only the active live models, and reactivate exactly those (the admin spec leaves a
  // paused console model that must stay paused).
  const paused = await query<{ id: string }>(
    `UPDATE models SET status = 'paused' WHERE provider_kind <> 'corpus' AND status = 'active' RETURNING id::text`,
  );
  try {
    await page.goto("/?mode=live");
    await expect(page.getByTestId("live-empty")).toContainText("models.json");
    await expect(page.getByTestId("live-empty")).toContainText("lib/providers/models.example.json");
    await page.goto("/");
    await expect(page.getByTestId("battle")).toBeVisible();
  } finally {
    await query(`UPDATE models SET status = 'active' WHERE id::text = ANY($1)`, [paused.map((m) => m.id)]);
  }
});
