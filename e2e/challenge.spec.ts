import { expect, test } from "@playwright/test";
import { query } from "./db";
import { ArenaPage } from "./pages/arena-page";

test("a flagged voter is asked for a proof of work, done with the keyboard, and the vote then counts", async ({
  page,
}) => {
  const arena = new ArenaPage(page);
  await arena.goto();
  const id = await arena.waitForBattle();
  const [{ voter_id: voterId }] = await query<{ voter_id: string }>(
    "SELECT voter_id::text FROM battles WHERE id = $1",
    [id],
  );
  // A detector's suggestion about this voter (what screening records after odd votes).
  await query(
    "INSERT INTO abuse_flags (voter_id, detector, score, threshold) VALUES ($1, 'fast_votes', 0.5, 0.3)",
    [voterId],
  );

  await page.keyboard.press("1");
  const dialog = page.getByRole("dialog", { name: "A quick check before your vote counts" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("looked automated");
  await expect(dialog).toContainText("nothing about you is sent");
  // Escape cancels: nothing was recorded, the battle is still votable.
  await expect(page.getByTestId("vote-challenge-start")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("vote-left")).toBeEnabled();
  expect(await query("SELECT 1 FROM votes WHERE battle_id = $1", [id])).toHaveLength(0);

  // Again, and this time Enter starts the check; the vote goes through once it passes.
  await page.keyboard.press("1");
  await expect(page.getByTestId("vote-challenge-start")).toBeFocused();
  await page.keyboard.press("Enter");
  await arena.expectRevealed();
  await expect(dialog).toHaveCount(0);
  const votes = await query<{ outcome: string; shown_left: string }>(
    "SELECT v.outcome::text, b.shown_left::text FROM votes v JOIN battles b ON b.id = v.battle_id WHERE v.battle_id = $1",
    [id],
  );
  expect(votes).toHaveLength(1);
  expect(votes[0].outcome).toBe(votes[0].shown_left); // "1" = the left answer
  expect(await query("SELECT kind FROM challenge_passes WHERE voter_id = $1", [voterId])).toEqual([
    { kind: "pow" },
  ]);
});
