import { expect, test } from "@playwright/test";
import { query } from "./db";
import { ArenaPage } from "./pages/arena-page";

test("leaderboard: categories, style control, charts, filters and the per-model page", async ({ page }) => {
  const arena = new ArenaPage(page);
  await arena.goto();
  for (let i = 0; i < 6; i++) {
    await arena.waitForBattle();
    await page.keyboard.press(i % 3 === 0 ? "2" : "1");
    await arena.expectRevealed();
    await page.keyboard.press("n");
  }
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM votes WHERE counts_for_public`);
  await expect(async () => {
    await page.goto("/leaderboard");
    await expect(page.getByTestId("snapshot-meta")).toContainText(`${n} votes counted`, { timeout: 1000 });
    await expect(page.getByTestId("style-toggle")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  // Every vote is on the board by now; the freshness line ticks on the client.
  await expect(page.getByTestId("leaderboard-freshness")).toHaveText(/^updated \d+ s ago · 0 votes since$/);

  // Earlier specs may leave the overall board with groups of models that never met (live
  // and corpus models): one chart per group, so the first is checked.
  await expect(page.getByTestId("ratings-chart").first()).toBeVisible();
  // Head-to-head matrices are tabs: click or arrow keys switch the table.
  await expect(page.getByTestId("heatmap-observed")).toBeVisible();
  await page.getByTestId("heatmap-tab-predicted").click();
  await expect(page.getByTestId("heatmap-predicted")).toBeVisible();
  await expect(page.getByTestId("heatmap-observed")).toHaveCount(0);
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("heatmap-count")).toBeVisible();
  await expect(page.getByTestId("heatmap-tab-count")).toBeFocused();
  await expect(page.getByTestId("heatmap-tab-count")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("style-explainer")).toContainText("rating points");

  // Style control adds the plain score and rank change next to the style-controlled one.
  await expect(page.getByTestId("rank-delta")).toHaveCount(0);
  await page.getByTestId("style-toggle").check();
  expect(await page.getByTestId("rank-delta").count()).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { name: /intervals \(style-controlled\)/ })).toBeVisible();
  await page.getByTestId("style-toggle").uncheck();

  // Search filters rows; an impossible min-votes empties the table with a message.
  const first = await page.getByTestId("leaderboard-row").first().getAttribute("data-model");
  await page.getByTestId("leaderboard-search").fill(first ?? "");
  await expect(page.getByTestId("leaderboard-row")).toHaveCount(1);
  await page.getByTestId("leaderboard-search").fill("");
  await page.getByTestId("min-votes").fill("100000");
  await expect(page.getByTestId("leaderboard-filtered-empty")).toBeVisible();
  await page.getByTestId("min-votes").fill("0");

  // Sorting by votes puts the most-voted model first.
  await page.getByTestId("sort-votes").click();
  // Sorting stays inside each connected group.
  const groups = page.getByTestId("leaderboard-group");
  for (let g = 0; g < (await groups.count()); g++) {
    const votes = (await groups.nth(g).getByTestId("votes").allInnerTexts()).map(Number);
    expect(votes).toEqual([...votes].sort((a, b) => b - a));
  }

  // A category narrows the vote set: its counts never exceed overall.
  const category = page.getByTestId("category-nav").getByRole("link", { name: /Language: en/ });
  await category.click();
  await expect(page).toHaveURL(/\/leaderboard\/lang%3Aen$/);
  const [{ m }] = await query<{ m: number }>(
    `SELECT count(*)::int AS m FROM votes v JOIN battles b ON b.id = v.battle_id
     WHERE v.counts_for_public AND 'lang:en' = ANY(b.category_tags)`,
  );
  await expect(page.getByTestId("snapshot-meta")).toContainText(`${m} votes counted`);

  // Old query-string links land on the category's own page; an unknown one says so.
  await page.goto("/leaderboard?category=lang%3Aen");
  await expect(page).toHaveURL(/\/leaderboard\/lang(%3A|:)en/);
  await expect(page.getByTestId("snapshot-meta")).toContainText(`${m} votes counted`);
  await page.goto("/leaderboard/no-such-category");
  await expect(page.getByTestId("unknown-category")).toContainText("no-such-category");
  await expect(page.getByTestId("leaderboard-row").first()).toBeVisible();

  // The per-model page shows the record against each opponent.
  await page.goto("/leaderboard");
  await page.getByTestId("leaderboard-row").first().getByRole("link").click();
  await expect(page.getByTestId("model-rating")).toBeVisible();
  expect(await page.getByTestId("opponent-row").count()).toBeGreaterThan(0);
});

test("the leaderboard page is served from cache between snapshots and is fresh after each recompute", async ({
  page,
}) => {
  const arena = new ArenaPage(page);
  const vote = async () => {
    await arena.goto();
    await arena.waitForBattle();
    await page.keyboard.press("1");
    await arena.expectRevealed();
  };
  const counted = async () =>
    (await query<{ n: number }>(`SELECT count(*)::int AS n FROM votes WHERE counts_for_public`))[0].n;
  const expectCounted = async (n: number) =>
    expect(async () => {
      await page.goto("/leaderboard");
      await expect(page.getByTestId("snapshot-meta")).toContainText(`${n} votes counted`, { timeout: 1000 });
    }).toPass({ timeout: 20_000 });

  await vote();
  await expectCounted(await counted());
  // Rendered once, then served from the in-process page cache.
  const again = await page.request.get("/leaderboard");
  expect(again.headers()["x-nextjs-cache"]).toBe("HIT");

  // A new vote triggers a recompute, which evicts the cached page: the next view counts it
  // well before the page's 30 s time-based revalidation would have.
  await vote();
  const n = await counted();
  const started = Date.now();
  await expectCounted(n);
  expect(Date.now() - started).toBeLessThan(15_000);
});

test("after voting, the header's Leaderboard link shows the new count (client navigation)", async ({
  page,
}) => {
  const arena = new ArenaPage(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  const counted = async () =>
    (await query<{ n: number }>(`SELECT count(*)::int AS n FROM votes WHERE counts_for_public`))[0].n;
  const vote = async (key: string) => {
    await nav.getByRole("link", { name: "Arena", exact: true }).click();
    await page.getByTestId("tab-corpus").click(); // the fixed prompts (the e2e server also has live models)
    await arena.waitForBattle();
    await page.keyboard.press(key);
    await arena.expectRevealed();
  };
  // Everything below is in-app navigation, so the router may serve pages it has cached.
  await arena.goto();
  await vote("1");
  await expect(async () => {
    await nav.getByRole("link", { name: "Leaderboard" }).click();
    await expect(page.getByTestId("snapshot-meta")).toContainText(`${await counted()} votes counted`, {
      timeout: 1000,
    });
  }).toPass({ timeout: 20_000 });

  await vote("2");
  const n = await counted();
  const started = Date.now();
  await expect(async () => {
    await nav.getByRole("link", { name: "Leaderboard" }).click();
    await expect(page.getByTestId("snapshot-meta")).toContainText(`${n} votes counted`, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  expect(Date.now() - started).toBeLessThan(15_000);
});
