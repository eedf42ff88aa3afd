// The browser for the end-to-end tests (`npm test` runs this before them): Debian's
// /usr/bin/chromium, or PLAYWRIGHT_CHROMIUM, or else Playwright's own Chromium,
// installed once with the standard `playwright install chromium` (it stays in
// Playwright's cache, ~/.cache/ms-playwright) — saying so.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const SYSTEM_CHROMIUM = "/usr/bin/chromium";
type Env = Record<string, string | undefined>;

/** The executable playwright.config.ts passes to Playwright; undefined = Playwright's own. */
export function configuredChromium(
  env: Env = process.env,
  exists: (p: string) => boolean = existsSync,
): string | undefined {
  return env.PLAYWRIGHT_CHROMIUM || (exists(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
}

/** The one sentence printed when no browser can be had, naming the two ways to provide one. */
export const noBrowser = (reason: string) =>
  `${reason}, so there is no browser for the end-to-end tests: install Chromium as ${SYSTEM_CHROMIUM} ` +
  "(e.g. `apt-get install chromium`) or set PLAYWRIGHT_CHROMIUM to a Chromium or Chrome executable.";

export interface BrowserDeps {
  env: Env;
  exists: (p: string) => boolean;
  /** Folders `playwright install chromium` would fill (from its --dry-run), or null if unknown. */
  installLocations: () => string[] | null;
  /** Runs the standard install; true when it succeeded. */
  install: () => boolean;
  log: (m: string) => void;
}

export type BrowserResult = { ok: true; browser: string } | { ok: false; message: string };

export function ensureBrowser(deps: BrowserDeps): BrowserResult {
  const chosen = configuredChromium(deps.env, deps.exists);
  if (chosen) {
    if (deps.exists(chosen)) return { ok: true, browser: chosen };
    return { ok: false, message: noBrowser(`PLAYWRIGHT_CHROMIUM=${chosen} does not exist`) };
  }
  const locations = deps.installLocations();
  if (locations && locations.length > 0 && locations.every((l) => deps.exists(l))) {
    return { ok: true, browser: "Playwright's Chromium (cached)" };
  }
  deps.log(
    `No ${SYSTEM_CHROMIUM} and no PLAYWRIGHT_CHROMIUM: installing Playwright's own Chromium ` +
      "(npx playwright install chromium; downloaded once, then cached) …",
  );
  if (!deps.install()) {
    return { ok: false, message: noBrowser("Playwright's Chromium could not be installed") };
  }
  return { ok: true, browser: "Playwright's Chromium (just installed)" };
}

function playwright(args: string[], capture: boolean) {
  const cli = path.resolve(import.meta.dirname, "../node_modules/.bin/playwright");
  return spawnSync(cli, args, { encoding: "utf8", stdio: capture ? "pipe" : "inherit" });
}

export function realDeps(): BrowserDeps {
  return {
    env: process.env,
    exists: existsSync,
    installLocations: () => {
      const res = playwright(["install", "--dry-run", "chromium"], true);
      if (res.status !== 0) return null;
      return [...res.stdout.matchAll(/Install location:\s+(\S.*)$/gm)].map((m) => m[1].trim());
    },
    install: () => playwright(["install", "chromium"], false).status === 0,
    log: (m) => console.log(`[browser] ${m}`),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = ensureBrowser(realDeps());
  if (result.ok) console.log(`[browser] ${result.browser}`);
  else {
    console.error(`[browser] ${result.message}`);
    process.exit(1);
  }
}
