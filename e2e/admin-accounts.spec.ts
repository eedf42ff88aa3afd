import { type Browser, expect, type Page, test } from "@playwright/test";
import bcrypt from "bcryptjs";
import { query } from "./db";
import { E2E_ADMIN } from "./env";
import { ArenaPage } from "./pages/arena-page";
import { ADMIN_URLS, resultOf, signIn, signInAsAdmin } from "./pages/console";

// Accounts in Chromium: bad sign-ins, expired and revoked sessions, the sign-in rate
// limit, roles granted by an admin (and what a maintainer may not do), and the console
// on a phone in dark mode and by keyboard.

const MAINT = { email: "maint@e2e.test", password: "maintainer-password-123" };

async function freshPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext(options);
  return { page: await context.newPage(), close: () => context.close() };
}

test("a wrong password is refused with a clear message and changes nothing", async ({ page }) => {
  const [{ v: versionBefore }] = await query<{ v: number }>(
    "SELECT session_version AS v FROM users WHERE email = $1",
    [E2E_ADMIN.email],
  );
  await signIn(page, E2E_ADMIN.email, "not-the-password");
  await expect(page.getByTestId("signin-error")).toHaveText("Wrong email or password.");
  // The email stays typed in; no session was made.
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(E2E_ADMIN.email);
  expect((await page.context().cookies()).some((c) => c.name.includes("session-token"))).toBe(false);
  expect((await page.goto("/admin"))?.status()).toBe(403);
  const [{ v: versionAfter }] = await query<{ v: number }>(
    "SELECT session_version AS v FROM users WHERE email = $1",
    [E2E_ADMIN.email],
  );
  expect(versionAfter).toBe(versionBefore);
});

test("an expired or forged session is told to sign in again", async ({ page, context, baseURL }) => {
  await context.addCookies([
    { name: "authjs.session-token", value: "expired-or-forged", url: baseURL ?? "" },
  ]);
  expect((await page.goto("/admin"))?.status()).toBe(403);
  await page.goto("/signin");
  await expect(page.getByRole("status").filter({ hasText: "Your session has expired" })).toBeVisible();
});

test("too many wrong passwords lock that account for a while, with a clear message", async ({ page }) => {
  test.setTimeout(120_000);
  // An address of its own account (the per-address limit is lifted in e2e/serve.ts).
  const email = "locked@e2e.test";
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(email);
  // One attempt: submit and wait for the server action's answer.
  const attempt = async (password: string) => {
    await page.getByLabel("Password", { exact: true }).fill(password);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/signin"),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
  };
  for (let i = 1; i <= 10; i++) {
    await attempt(`guess-${i}`);
    await expect(page.getByTestId("signin-error")).toHaveText("Wrong email or password.");
  }
  await attempt("guess-11");
  await expect(page.getByTestId("signin-error")).toHaveText(
    /^Too many failed sign-ins for this account or from this address\. Try again in (1[0-5] minutes|\d+ seconds)\.$/,
  );
  // Other accounts are not affected.
  await signInAsAdmin(page);
});

async function setRole(admin: Page, email: string, role: string) {
  await admin.goto("/admin/users");
  const row = admin.getByTestId("users").getByRole("listitem").filter({ hasText: email });
  await row.getByLabel("Role").selectOption(role);
  await row.getByRole("button", { name: "Set role" }).click();
  return row;
}

test("an admin grants roles; a maintainer gets the console but not its admin parts", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const hash = await bcrypt.hash(MAINT.password, 4);
  await query(
    `INSERT INTO users (email, role, password_hash) VALUES ($1, 'voter', $2)
     ON CONFLICT (email) DO UPDATE SET role = 'voter', password_hash = EXCLUDED.password_hash`,
    [MAINT.email, hash],
  );
  // A voter account: signed in, but no console.
  const other = await freshPage(browser);
  await signIn(other.page, MAINT.email, MAINT.password);
  await expect(other.page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
  for (const url of ADMIN_URLS) expect((await other.page.goto(url))?.status(), url).toBe(403);
  await other.page.goto("/signin");
  await expect(other.page.getByTestId("signed-in-as")).toContainText("voter");

  // The admin grants maintainer; the change ends the user's current session at once.
  await signInAsAdmin(page);
  const row = await setRole(page, MAINT.email, "maintainer");
  await expect(row.getByTestId("set-role-result")).toHaveText(`${MAINT.email} is now maintainer.`);
  await page.goto("/admin/audit");
  await expect(page.getByTestId("audit")).toContainText("user.role");
  await other.page.goto("/signin");
  await expect(
    other.page.getByRole("status").filter({ hasText: "Your session has expired or was ended" }),
  ).toBeVisible();

  // Signed in again: the console, without Users and Audit log (admin only).
  await signIn(other.page, MAINT.email, MAINT.password);
  await expect(other.page).toHaveURL(/\/admin$/);
  await expect(other.page.getByTestId("console-user")).toContainText(`${MAINT.email} · maintainer`);
  const nav = other.page.getByRole("navigation", { name: "Console" });
  await expect(nav.getByRole("link", { name: "Models" })).toBeVisible();
  await expect(nav.getByRole("link", { name: /Users/ })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: /Audit log/ })).toHaveCount(0);
  for (const url of ["/admin/users", "/admin/audit"]) {
    expect((await other.page.goto(url))?.status(), url).toBe(403);
  }
  expect((await other.page.goto("/admin/voters"))?.status()).toBe(200);

  // The last admin cannot take away their own admin role: refused, nothing changes.
  const self = await setRole(page, E2E_ADMIN.email, "maintainer");
  await expect(self.getByTestId("set-role-result")).toHaveText(
    "This is the last admin: grant admin to someone else first.",
  );
  expect(
    (await query<{ role: string }>("SELECT role::text FROM users WHERE email = $1", [E2E_ADMIN.email]))[0]
      .role,
  ).toBe("admin");

  // "Sign out everywhere" (revoked): the maintainer's open session is refused at once.
  const target = page.getByTestId("users").getByRole("listitem").filter({ hasText: MAINT.email });
  await target.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(target.getByTestId("revoke-sessions-result")).toHaveText("Their sessions are ended.");
  expect((await other.page.goto("/admin"))?.status()).toBe(403);
  await other.page.goto("/signin");
  await expect(
    other.page.getByRole("status").filter({ hasText: "Your session has expired or was ended" }),
  ).toBeVisible();
  await other.close();

  // Back to voter, so other specs see one maintainer account fewer.
  await setRole(page, MAINT.email, "voter");
  await expect(
    page
      .getByTestId("users")
      .getByRole("listitem")
      .filter({ hasText: MAINT.email })
      .getByTestId("set-role-result"),
  ).toHaveText(`${MAINT.email} is now voter.`);
});

/** "rgb(9, 9, 11)", "oklch(0.141 0.005 285.8)" or "lab(2.5 0.24 -0.89)": is it a dark colour? */
function isDark(color: string): boolean {
  const oklch = /^oklch\(([\d.]+)/.exec(color);
  if (oklch) return Number(oklch[1]) < 0.35;
  const lab = /^lab\(([\d.]+)/.exec(color);
  if (lab) return Number(lab[1]) < 35;
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  return rgb !== null && Number(rgb[1]) + Number(rgb[2]) + Number(rgb[3]) < 200;
}

const SHOTS = process.env.ARENA_E2E_SCREENSHOTS; // a folder: save what this test sees, for a person to look at

test("the console on a phone in dark mode, and by keyboard", async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, close } = await freshPage(browser, {
    viewport: { width: 390, height: 844 },
    colorScheme: "dark",
    isMobile: true,
    hasTouch: true,
  });
  // One vote first, so the stats page has charts to draw.
  const voter = await freshPage(browser);
  const arena = new ArenaPage(voter.page);
  await voter.page.goto("/?mode=corpus");
  await expect(voter.page.getByTestId("battle")).toBeVisible({ timeout: 30_000 });
  await arena.waitForBattle();
  await voter.page.getByTestId("vote-left").click();
  await arena.expectRevealed();
  await voter.close();

  await signInAsAdmin(page);
  // Dark by the system setting: the page background is dark.
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(isDark(bg), bg).toBe(true);
  expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(true);
  for (const url of ADMIN_URLS) {
    await page.goto(url);
    await expect(page.getByRole("heading", { name: "Console", exact: true })).toBeVisible();
    // No sideways scrolling of the page itself (wide tables scroll in their own box).
    expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(390);
    if (SHOTS) {
      await page.screenshot({ path: `${SHOTS}/${url.replaceAll("/", "_")}.png`, fullPage: true });
    }
  }
  // A chart's tooltip is readable in dark mode (Recharts draws it white by default).
  await page.goto("/admin/stats");
  const chart = page.getByRole("region", { name: "Votes per model" });
  const bar = chart.locator(".recharts-bar-rectangle").first();
  await expect(bar).toBeVisible();
  await bar.hover();
  const tooltip = chart.locator(".recharts-default-tooltip");
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText("votes");
  expect(isDark(await tooltip.evaluate((el) => getComputedStyle(el).backgroundColor))).toBe(true);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/stats-tooltip.png` });
  await close();
});

test("console by keyboard: skip link, the console menu, a form", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/admin/models");
  await page.keyboard.press("Tab");
  await expect(page.getByText("Skip to content")).toBeFocused();
  // Tab to the console menu's "Leaderboard", open it with Enter.
  const target = page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Leaderboard" });
  for (let i = 0; i < 30 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/admin\/leaderboard$/);
  // The focused button submits with Enter, and the outcome is announced.
  await page.getByRole("button", { name: "Recompute now" }).focus();
  await page.keyboard.press("Enter");
  await expect(resultOf(page, "recompute")).toContainText("Recomputed");
  await expect(resultOf(page, "recompute")).toHaveAttribute("role", "status");
});
