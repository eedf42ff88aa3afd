import { expect, test } from "@playwright/test";
import { query } from "./db";

// A category whose only snapshot (written here, as a recompute would) has two groups of
// models that never met: demo models in one, live models in the other.
const CATEGORY = "corpus:e2e-disconnected";
const row = (model: string, rating: number, rankUb: number) => ({
  model,
  rating,
  ciLower: rating - 20,
  ciUpper: rating + 20,
  rankUb,
  numBattles: 12,
});
const result = {
  version: 1,
  // Stored rank (UB) over all four, as the fit computes it: comparing unrelated scales.
  rows: [
    row("fast-a", 1150, 1),
    row("demo-concise", 1040, 2),
    row("demo-verbose", 960, 3),
    row("fast-b", 850, 4),
  ],
  groups: [
    ["demo-concise", "demo-verbose"],
    ["fast-a", "fast-b"],
  ],
  numVotes: 24,
  numExcluded: 0,
  ci: "bootstrap",
  rounds: 100,
  iterations: 6,
  converged: true,
  bootstrapNonconvergedRounds: 0,
};

test.beforeAll(async () => {
  await query(`DELETE FROM leaderboard_snapshots WHERE category = $1`, [CATEGORY]);
  await query(
    `INSERT INTO leaderboard_snapshots (category, kind, params, vote_set_hash, code_version, num_votes, result)
     VALUES ($1, 'plain', '{}', 'e2e', 'e2e', 24, $2::jsonb)`,
    [CATEGORY, JSON.stringify(result)],
  );
});
test.afterAll(async () => {
  await query(`DELETE FROM leaderboard_snapshots WHERE category = $1`, [CATEGORY]);
});

test("disconnected groups are ranked apart, and a one-snapshot history shows its point", async ({ page }) => {
  await expect(async () => {
    await page.goto(`/leaderboard/${encodeURIComponent(CATEGORY)}`);
    await expect(page.getByTestId("unknown-category")).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  await expect(page.getByTestId("groups-note")).toContainText("2 groups that never met");
  const groups = page.getByTestId("leaderboard-group");
  await expect(groups).toHaveCount(2);
  const rowsOf = async (i: number) =>
    groups
      .nth(i)
      .getByTestId("leaderboard-row")
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute("data-model"), tr.querySelector("td")?.textContent ?? ""]),
      );
  // Each group ranks from 1 among its own models only.
  expect(await rowsOf(0)).toEqual([
    ["demo-concise", "1"],
    ["demo-verbose", "2"],
  ]);
  expect(await rowsOf(1)).toEqual([
    ["fast-a", "1"],
    ["fast-b", "2"],
  ]);
  await expect(groups.nth(1).getByRole("rowheader")).toContainText("Group 2 of 2");
  // Sorting stays within each group.
  await page.getByTestId("sort-rating").click();
  await page.getByTestId("sort-rating").click();
  expect((await rowsOf(0)).map(([m]) => m)).toEqual(["demo-verbose", "demo-concise"]);
  expect((await rowsOf(1)).map(([m]) => m)).toEqual(["fast-b", "fast-a"]);
  await expect(page.getByTestId("ratings-chart")).toHaveCount(2);

  // One snapshot: the history chart draws each model as a dot instead of an empty plot.
  const history = page.getByTestId("history-chart");
  await expect(history).toHaveAttribute("data-points", "1");
  await expect(history.locator(".recharts-line-dot")).toHaveCount(4);
});
