import { expect, type Page } from "@playwright/test";

export class ArenaPage {
  constructor(readonly page: Page) {}

  /** The fixed-prompt (corpus) arena; "/" opens the live arena once live models exist. */
  async goto() {
    await this.page.goto("/?mode=corpus");
    await this.waitForBattle();
  }

  async waitForBattle(): Promise<string> {
    const battle = this.page.getByTestId("battle");
    await expect(battle).toBeVisible();
    await expect(this.page.getByTestId("vote-left")).toBeEnabled();
    return (await battle.getAttribute("data-battle-id")) ?? "";
  }

  async expectRevealed() {
    await expect(this.page.getByTestId("side-left-model")).toBeVisible();
    await expect(this.page.getByTestId("side-right-model")).toBeVisible();
    for (const id of ["vote-left", "vote-right", "vote-tie", "vote-both-bad"]) {
      await expect(this.page.getByTestId(id)).toBeDisabled();
    }
  }
}
