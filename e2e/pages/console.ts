import { expect, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../env";

/** Every console URL; a guest, a voter and a signed-out admin get 403 on each. */
export const ADMIN_URLS = [
  "/admin",
  "/admin/models",
  "/admin/models/fast-a",
  "/admin/corpora",
  "/admin/labels",
  "/admin/votes",
  "/admin/voters",
  "/admin/leaderboard",
  "/admin/stats",
  "/admin/users",
  "/admin/audit",
  "/admin/voter-quality",
  "/admin/judges",
  "/admin/settings",
];

/** Password sign-in on /signin (the admin's by default); leaves the page where it lands. */
export async function signIn(page: Page, email = E2E_ADMIN.email, password = E2E_ADMIN.password) {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in as the admin and waits for the console. */
export async function signInAsAdmin(page: Page) {
  await signIn(page);
  await expect(page).toHaveURL(/\/admin$/);
}

/** A console form's outcome line (ActionForm: `<testId>-result`). */
export const resultOf = (page: Page, testId: string) => page.getByTestId(`${testId}-result`);
