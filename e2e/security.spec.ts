import { expect, test } from "@playwright/test";
import { FAKE_LLM_ORIGIN } from "./env";
import { ArenaPage } from "./pages/arena-page";

test("pages carry a nonce CSP, still work, and an answer's remote image never loads", async ({ page }) => {
  const remote: string[] = [];
  // Chromium reports a request the policy blocked as failed; none may complete.
  page.on("requestfinished", (r) => {
    if (r.url().startsWith(FAKE_LLM_ORIGIN)) remote.push(r.url());
  });
  const res = await page.goto("/?mode=corpus");
  const csp = res?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("img-src 'self' data:");
  const arena = new ArenaPage(page);
  await arena.waitForBattle();

  // What a model answer with ![x](http://elsewhere/...) becomes after Markdown rendering.
  const violation = await page.evaluate(async (src) => {
    const seen = new Promise<string>((resolve) =>
      document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), {
        once: true,
      }),
    );
    const img = document.createElement("img");
    img.src = src;
    document.querySelector("[data-testid=battle]")?.append(img);
    return seen;
  }, `${FAKE_LLM_ORIGIN}/leak.png?voter=me`);
  expect(violation).toBe("img-src");
  expect(remote).toEqual([]);

  // Hydrated under the policy: voting works.
  await page.getByTestId("vote-left").click();
  await arena.expectRevealed();
});

test("the leaderboard (rendered once per snapshot) gets a policy without a nonce", async ({ request }) => {
  const res = await request.get("/leaderboard");
  expect(res.headers()["content-security-policy"]).toContain("script-src 'self' 'unsafe-inline'");
  expect(res.headers()["content-security-policy"]).toContain("img-src 'self' data:");
});

test("the live arena tells the voter that prompts become public data", async ({ page }) => {
  await page.goto("/?mode=live");
  await expect(page.getByTestId("public-data-notice")).toContainText("public vote data");
});
