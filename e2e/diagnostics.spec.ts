import { expect, test } from "@playwright/test";
import { query } from "./db";
import { ArenaPage } from "./pages/arena-page";
import { resultOf, signInAsAdmin } from "./pages/console";

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
  // Effects over time: a handful of votes is not a trend yet, and the page says how many are needed.
  expect(
    (body.diagnostics as unknown as { effectsOverTime: { windows: unknown[] } }).effectsOverTime.windows,
  ).toEqual([]);
  await expect(page.getByTestId("effects-over-time-empty")).toContainText("at least 600 counted votes");
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

test("per-criterion votes: switched on per arena in the console (audited), answered by keyboard, on the leaderboard", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);
  await page.goto("/admin/settings");
  await expect(page.getByTestId("criteria-state-corpus")).toContainText("off");
  await page.getByTestId("criteria-corpus-on").click();
  await expect(resultOf(page, "criteria-corpus")).toContainText("now on in the fixed-prompt arena");
  await expect(page.getByTestId("criteria-state-corpus")).toContainText("on");
  const [audit] = await query<{ target: string; details: { enabled: boolean } }>(
    "SELECT target, details FROM audit_events WHERE action = 'arena.criteria' ORDER BY created_at DESC LIMIT 1",
  );
  expect(audit).toEqual({ target: "corpus", details: { enabled: true } });
  try {
    const arena = new ArenaPage(page);
    await arena.goto();
    const battleId = await arena.waitForBattle();
    await page.keyboard.press("1");
    await arena.expectRevealed();
    // H arms helpfulness, then B answers it; S then T; C then ← (A).
    for (const k of ["h", "b", "s", "t", "c", "ArrowLeft"]) await page.keyboard.press(k);
    await expect(page.getByTestId("criterion-helpfulness-right")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("criterion-style-tie")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("vote-criteria-status")).toHaveText("saved");
    const rows = await query<{ criterion: string; outcome: string; left: string }>(
      `SELECT vc.criterion, vc.outcome::text AS outcome, bt.shown_left::text AS left
       FROM vote_criteria vc JOIN votes v ON v.id = vc.vote_id JOIN battles bt ON bt.id = v.battle_id
       WHERE v.battle_id = $1 ORDER BY vc.criterion`,
      [battleId],
    );
    const left = rows[0]?.left;
    const right = left === "a" ? "b" : "a";
    expect(rows.map((r) => [r.criterion, r.outcome])).toEqual([
      ["correctness", left],
      ["helpfulness", right],
      ["style", "tie"],
    ]);
    // The per-criterion boards: each says how many counted votes it still needs.
    await expect(async () => {
      const res = await request.get("/api/leaderboard/diagnostics");
      const body = await res.json();
      expect(
        body.diagnostics?.criteria?.find((c: { criterion: string }) => c.criterion === "style"),
      ).toMatchObject({
        status: "needs_votes",
        numVotes: expect.any(Number),
      });
    }).toPass({ timeout: 30_000 });
    // The page is cached per snapshot (revalidated within 30 s): reload until it has the new report.
    await expect(async () => {
      await page.goto("/leaderboard");
      await expect(page.getByTestId("criterion-boards")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 45_000 });
    await page.getByTestId("criterion-tab-style").click();
    await expect(page.getByTestId("criterion-panel-style")).toContainText("more needed");
    // Voter quality (maintainers): the low-quality signs next to each voter's measures.
    await page.goto("/admin/voter-quality");
    await expect(page.getByRole("columnheader", { name: "Low quality" })).toBeVisible();
  } finally {
    await page.goto("/admin/settings");
    await page.getByTestId("criteria-corpus-off").click();
    await expect(page.getByTestId("criteria-state-corpus")).toContainText("off");
  }
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
