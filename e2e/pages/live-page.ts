import { expect, type Page } from "@playwright/test";
import { FAKE_LLM_ORIGIN } from "../env";

export type Side = "left" | "right";

/** The live arena on the home page. */
export class LivePage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/?mode=live");
    await expect(this.page.getByTestId("live-prompt")).toBeVisible();
  }

  /** Named mode: the voter picks both models (the only place a client names models). */
  async pick(left: string, right: string) {
    await this.page.getByTestId("mode-named").click();
    await this.page.getByTestId("pick-left").selectOption(left);
    await this.page.getByTestId("pick-right").selectOption(right);
  }

  async send(prompt: string) {
    await this.page.getByTestId("live-prompt").fill(prompt);
    await this.page.getByTestId("live-prompt").press("Enter");
    await expect(this.page.getByTestId("live-arena")).toHaveAttribute("data-battle-id", /.+/);
  }

  async followUp(prompt: string) {
    await this.page.getByTestId("follow-up").fill(prompt);
    await this.page.getByTestId("follow-up").press("Enter");
  }

  async battleId(): Promise<string> {
    return (await this.page.getByTestId("live-arena").getAttribute("data-battle-id")) ?? "";
  }

  side(side: Side) {
    return this.page.getByTestId(`live-${side}`);
  }

  async waitSettled() {
    for (const side of ["left", "right"] as const) {
      await expect(this.side(side)).toHaveAttribute("data-status", /^(done|stopped|error)$/, {
        timeout: 20_000,
      });
    }
  }

  async expectVoting(enabled: boolean) {
    for (const id of ["vote-left", "vote-right", "vote-tie", "vote-both-bad"]) {
      if (enabled) await expect(this.page.getByTestId(id)).toBeEnabled();
      else await expect(this.page.getByTestId(id)).toBeDisabled();
    }
  }
}

export interface FakeRequest {
  model: string;
  messages: { role: string; content: string }[];
  completed: boolean;
  clientAborted: boolean;
  closedAt: number | null;
}

/** The scripted server's request log (it runs in another process). */
export async function fakeRequests(): Promise<FakeRequest[]> {
  return (await fetch(`${FAKE_LLM_ORIGIN}/__requests`)).json();
}

export async function resetFakeRequests() {
  await fetch(`${FAKE_LLM_ORIGIN}/__reset`, { method: "POST" });
}

/** Requests whose last user message contains `marker`, once they have closed. */
export async function closedRequests(marker: string, count: number): Promise<FakeRequest[]> {
  let found: FakeRequest[] = [];
  await expect(async () => {
    found = (await fakeRequests()).filter(
      (r) => r.closedAt !== null && (r.messages.at(-1)?.content ?? "").includes(marker),
    );
    expect(found.length).toBeGreaterThanOrEqual(count);
  }).toPass({ timeout: 15_000 });
  return found;
}
