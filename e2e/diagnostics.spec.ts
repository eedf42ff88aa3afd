import { expect, test } from "@playwright/test";
import { query } from "./db";
import { ArenaPage } from "./pages/arena-page";

test("diagnostics: the API and the What wins page show position bias and rank confidence", async ({
  page,
  request,
}) => {
  const arena = new ArenaPage(page);
  await arena.goto();
  for (let i = 0; i < 6; i++) {
    await arena.waitForBattle();
    await page.keyboard.press("1");
    await arena.expectRevealed();
    await page.keyboard.press("n");
  }
  // Computed in the background: the first reads start it and get 202 until it is stored.
  let body: {
    status: string;
    diagnostics: {
      numVotes: number;
      positionBias: { overall: { n: number; p: number } };
      rankConfidence: { rows: { model: string; pFirst: number }[] };
      voterQuality?: unknown;
    } | null;
  } = { status: "computing", diagnostics: null };
  await expect(async () => {
    const res = await request.get("/api/leaderboard/diagnostics");
    body = await res.json();
    expect(res.status()).toBe(200);
    expect(body.diagnostics!.numVotes).toBeGreaterThanOrEqual(6);
  }).toPass({ timeout: 30_000 });
  const d = body.diagnostics!;
  expect(d.positionBias.overall.n).toBeGreaterThan(0);
  expect(d.rankConfidence.rows.length).toBeGreaterThan(1);
  expect(d.voterQuality).toBeUndefined();
  expect((await request.get("/api/leaderboard/diagnostics?category=nope")).status()).toBe(404);

  await page.goto("/what-wins");
  await expect(page.getByTestId("p-left")).toHaveText(/^\d+\.\d%$/);
  await expect(page.getByTestId("effects")).toBeVisible();
  await expect(page.getByTestId("effect-shown_left")).toBeVisible();
  await expect(page.getByTestId("rank-row").first()).toBeVisible();
  await expect(page.getByTestId("holdout")).toBeVisible();
});

test("explained vote: reason chips and a one-line why by keyboard, stored with the vote, skippable", async ({
  page,
}) => {
  const arena = new ArenaPage(page);
  await arena.goto();
  const battleId = await arena.waitForBattle();
  await page.keyboard.press("2");
  await arena.expectRevealed();
  // After the vote the digit keys toggle chips (they no longer vote): 1 = Correct, 7 = Other too long.
  await page.keyboard.press("1");
  await page.keyboard.press("7");
  await expect(page.getByTestId("reason-correct")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("reason-too_long")).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("w");
  await expect(page.getByTestId("vote-rationale")).toBeFocused();
  await page.keyboard.type("B answered the question; A rambled");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("vote-reasons-status")).toHaveText("saved");
  const [row] = await query<{ reasons: string[]; rationale: string }>(
    "SELECT reasons, rationale FROM votes WHERE battle_id = $1",
    [battleId],
  );
  expect(row).toEqual({ reasons: ["correct", "too_long"], rationale: "B answered the question; A rambled" });
  // Skipping: N goes straight on, nothing else is asked.
  await page.keyboard.press("n");
  const next = await arena.waitForBattle();
  expect(next).not.toBe(battleId);
});

test("prompts like mine: a board weighted by prompt similarity, by API and page", async ({
  page,
  request,
}) => {
  const arena = new ArenaPage(page);
  await arena.goto();
  const prompt = ((await page.getByTestId("battle-prompt").textContent()) ?? "").trim().slice(0, 500);
  await page.keyboard.press("1");
  await arena.expectRevealed();
  type Body = {
    status: string;
    board: { effectiveVotes: number; topPrompts: { prompt: string; weight: number }[] } | null;
  };
  let body: Body = { status: "indexing", board: null };
  await expect(async () => {
    const res = await request.get(`/api/leaderboard/similar?q=${encodeURIComponent(prompt)}`);
    body = await res.json();
    expect(res.status()).toBe(200);
    expect(body.board).not.toBeNull();
  }).toPass({ timeout: 30_000 });
  expect(body.board!.topPrompts[0].weight).toBe(1);
  expect(body.board!.effectiveVotes).toBeGreaterThan(0);
  expect((await request.get("/api/leaderboard/similar")).status()).toBe(400);
  await page.goto(`/prompts-like-mine?q=${encodeURIComponent(prompt)}`);
  await expect(page.getByTestId("similar-row").first()).toBeVisible();
  await expect(page.getByTestId("similar-effective")).toHaveText(/^\d+\.\d$/);
});
