import { describe, expect, it } from "vitest";
import { type BrowserDeps, configuredChromium, ensureBrowser, realDeps } from "./ensure-browser";

// The real install downloads from Playwright's CDN, which this machine cannot reach
// (and must not try): the branches are driven through injected file checks and a
// stand-in for `playwright install chromium` that records its calls.
function deps(
  files: string[],
  opts: { env?: Record<string, string>; installs?: boolean; dryRun?: string[] | null },
) {
  const present = new Set(files);
  const calls = { install: 0, logs: [] as string[] };
  const d: BrowserDeps = {
    env: opts.env ?? {},
    exists: (p) => present.has(p),
    installLocations: () =>
      opts.dryRun === undefined ? ["/cache/chromium-1", "/cache/shell-1"] : opts.dryRun,
    install: () => {
      calls.install++;
      if (opts.installs) for (const l of ["/cache/chromium-1", "/cache/shell-1"]) present.add(l);
      return opts.installs ?? false;
    },
    log: (m) => calls.logs.push(m),
  };
  return { d, calls };
}

describe("ensureBrowser", () => {
  it("uses /usr/bin/chromium, or PLAYWRIGHT_CHROMIUM before it, without installing anything", () => {
    const system = deps(["/usr/bin/chromium"], {});
    expect(ensureBrowser(system.d)).toEqual({ ok: true, browser: "/usr/bin/chromium" });
    const own = deps(["/usr/bin/chromium", "/opt/chrome"], { env: { PLAYWRIGHT_CHROMIUM: "/opt/chrome" } });
    expect(ensureBrowser(own.d)).toEqual({ ok: true, browser: "/opt/chrome" });
    expect(system.calls.install + own.calls.install).toBe(0);
    expect(configuredChromium({}, () => false)).toBeUndefined();
  });

  it("refuses a PLAYWRIGHT_CHROMIUM that does not exist, naming both ways to provide a browser", () => {
    const { d, calls } = deps([], { env: { PLAYWRIGHT_CHROMIUM: "/nope/chrome" } });
    const result = ensureBrowser(d);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(
      /^PLAYWRIGHT_CHROMIUM=\/nope\/chrome does not exist, .*\/usr\/bin\/chromium.* or set PLAYWRIGHT_CHROMIUM/,
    );
    expect(calls.install).toBe(0);
  });

  it("installs Playwright's Chromium once, saying so, and then finds it cached", () => {
    const { d, calls } = deps([], { installs: true });
    expect(ensureBrowser(d)).toEqual({ ok: true, browser: "Playwright's Chromium (just installed)" });
    expect(calls.install).toBe(1);
    expect(calls.logs.join("\n")).toContain("installing Playwright's own Chromium");
    expect(ensureBrowser(d)).toEqual({ ok: true, browser: "Playwright's Chromium (cached)" });
    expect(calls.install).toBe(1);
  });

  it("installs when the dry run cannot tell where the browser goes", () => {
    const { d, calls } = deps([], { installs: true, dryRun: null });
    expect(ensureBrowser(d).ok).toBe(true);
    expect(calls.install).toBe(1);
  });

  it("stops with one sentence naming the two ways when the install fails", () => {
    const { d } = deps([], { installs: false });
    const result = ensureBrowser(d);
    expect(result.ok).toBe(false);
    const message = result.ok ? "" : result.message;
    expect(message).toBe(
      "Playwright's Chromium could not be installed, so there is no browser for the end-to-end tests: " +
        "install Chromium as /usr/bin/chromium (e.g. `apt-get install chromium`) " +
        "or set PLAYWRIGHT_CHROMIUM to a Chromium or Chrome executable.",
    );
  });
});

describe("realDeps", () => {
  it("reads where Playwright would install Chromium from its dry run (which downloads nothing)", () => {
    const saved = process.env.PLAYWRIGHT_BROWSERS_PATH;
    process.env.PLAYWRIGHT_BROWSERS_PATH = "/tmp/arena-no-such-browsers";
    try {
      const locations = realDeps().installLocations();
      expect(locations?.length).toBeGreaterThanOrEqual(2);
      for (const l of locations ?? []) expect(l).toMatch(/^\/tmp\/arena-no-such-browsers\/\w/);
      // Headless runs use the headless shell, so it must be among the folders checked.
      expect(locations?.some((l) => l.includes("chromium_headless_shell"))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.PLAYWRIGHT_BROWSERS_PATH;
      else process.env.PLAYWRIGHT_BROWSERS_PATH = saved;
    }
  });
});
