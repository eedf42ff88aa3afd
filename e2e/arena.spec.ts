import { expect, test } from "@playwright/test";
import { query } from "./db";
import { ArenaPage } from "./pages/arena-page";

test("a voter completes five battles with mouse and keyboard, sees reveals, and the leaderboard counts them", async ({
  page,
}) => {
  const arena = new ArenaPage(page);
  await arena.goto();
  const ids: string[] = [];
  const choices: string[] = [];

  // Mouse: three battles, three different buttons.
  for (const button of ["vote-left", "vote-tie", "vote-right"]) {
    const id = await arena.waitForBattle();
    ids.push(id);
    await expect(page.getByTestId("side-left-model")).toHaveCount(0);
    await page.getByTestId(button).click();
    await arena.expectRevealed();
    choices.push(button);
    await page.getByTestId("next-battle").click();
  }
  // Keyboard: "2" = B is better, "4" = both bad; "n" moves on.
  for (const key of ["2", "4"]) {
    const id = await arena.waitForBattle();
    ids.push(id);
    await page.keyboard.press(key);
    await arena.expectRevealed();
    await expect(page.getByTestId("vote-status")).toContainText("Vote recorded");
    // A second key press must not change the recorded vote.
    await page.keyboard.press("1");
    await page.keyboard.press("n");
  }
  await arena.waitForBattle();

  expect(new Set(ids).size).toBe(5);
  const votes = await query<{
    battle_id: string;
    outcome: string;
    shown_left: string;
    time_to_vote_ms: number;
  }>(
    `SELECT v.battle_id, v.outcome::text, b.shown_left::text, v.time_to_vote_ms
     FROM votes v JOIN battles b ON b.id = v.battle_id WHERE v.battle_id = ANY($1::uuid[])`,
    [ids],
  );
  expect(votes).toHaveLength(5);
  const byId = new Map(votes.map((v) => [v.battle_id, v]));
  const other = (s: string) => (s === "a" ? "b" : "a");
  const expected = [
    (v: { shown_left: string }) => v.shown_left,
    () => "tie",
    (v: { shown_left: string }) => other(v.shown_left),
    (v: { shown_left: string }) => other(v.shown_left),
    () => "both_bad",
  ];
  ids.forEach((id, i) => {
    const v = byId.get(id)!;
    expect(v.outcome).toBe(expected[i](v));
    expect(v.time_to_vote_ms).toBeGreaterThanOrEqual(0);
  });

  // The recompute is debounced after votes; the page reads the newest snapshot.
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM votes WHERE counts_for_public`);
  expect(n).toBeGreaterThanOrEqual(5);
  await expect(async () => {
    await page.goto("/leaderboard");
    await expect(page.getByTestId("snapshot-meta")).toContainText(`${n} votes counted`, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const rows = page.getByTestId("leaderboard-row");
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  const perModel = await page.getByTestId("votes").allInnerTexts();
  expect(perModel.reduce((s, x) => s + Number(x), 0)).toBe(2 * n);
});

test("model output renders as sanitised markdown", async ({ page }) => {
  await query(`CREATE TABLE IF NOT EXISTS e2e_saved_responses AS SELECT id, content FROM corpus_responses`);
  test
    .info()
    .annotations.push({ type: "note", description: "every corpus response is replaced by an XSS payload" });
  await query(`UPDATE corpus_responses SET content = $1`, [
    "# Title\n\n**bold** <script>window.__xss=1</script> <img src=x onerror=\"window.__xss=1\">\n\n[click](javascript:window.__xss=1)\n\n```python\nprint('hi')\n```",
  ]);
  const arena = new ArenaPage(page);
  await arena.goto();
  const left = page.getByTestId("side-left");
  await expect(left.locator("h1")).toHaveText("Title");
  await expect(left.locator("strong")).toHaveText("bold");
  await expect(left.locator("pre code")).toContainText("print");
  await expect(left.locator("script")).toHaveCount(0);
  await expect(left.locator("img[onerror]")).toHaveCount(0);
  const hrefs = await left.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.some((h) => h.toLowerCase().startsWith("javascript:"))).toBe(false);
  await left
    .getByText("click")
    .click()
    .catch(() => {});
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test.afterAll(async () => {
  await query(
    `UPDATE corpus_responses r SET content = s.content FROM e2e_saved_responses s WHERE s.id = r.id`,
  ).catch(() => {});
  await query(`DROP TABLE IF EXISTS e2e_saved_responses`).catch(() => {});
});
