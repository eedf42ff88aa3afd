import { expect, test } from "@playwright/test";

test("every page loads without a 404: favicon, app icons and manifest are served", async ({ page }) => {
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error") failed.push(`console: ${m.text()}`);
  });
  for (const path of ["/", "/?mode=corpus", "/leaderboard", "/data", "/models/demo-concise"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  expect(failed).toEqual([]);

  // The head points at icons that exist, with the right types.
  const links = await page
    .locator('head link[rel="icon"], head link[rel="apple-touch-icon"], head link[rel="manifest"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLLinkElement).href));
  expect(links.length).toBe(4);
  const types: Record<string, RegExp> = {
    "/favicon.ico": /image\/(x-icon|vnd\.microsoft\.icon)/,
    "/icon.svg": /image\/svg\+xml/,
    "/apple-touch-icon.png": /image\/png/,
    "/manifest.webmanifest": /application\/manifest\+json/,
    "/icon-192.png": /image\/png/,
    "/icon-512.png": /image\/png/,
  };
  for (const url of [...links.map((l) => new URL(l).pathname), "/icon-192.png", "/icon-512.png"]) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(200);
    expect(res.headers()["content-type"], url).toMatch(types[url]);
  }
  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  for (const icon of manifest.icons) expect((await page.request.get(icon.src)).status()).toBe(200);
});
