// Pages while the database is unreachable: a second production server reaches the e2e
// database through a TCP relay this spec owns, and cutting the relay makes the database
// unreachable for that server alone (the machine's PostgreSQL keeps running for everyone).
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { nextStartArgs } from "../scripts/server-node-args";
import { E2E_DATABASE_URL } from "./env";

const root = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.E2E_PORT ?? 3100) + 7;
const base = `http://127.0.0.1:${PORT}`;
const MESSAGE = "The arena's database is unreachable right now; this page will work again when it's back.";

/** Forwards connections to PostgreSQL until cut; restore() listens on the same port again. */
class Relay {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async listen(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  cut(): void {
    this.server?.close();
    this.server = null;
    for (const s of this.sockets) s.destroy();
  }
}

const target = new URL(E2E_DATABASE_URL);
const relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
let app: ChildProcess | null = null;

async function status(pathname: string): Promise<number> {
  return (await fetch(`${base}${pathname}`, { redirect: "manual" }).catch(() => null))?.status ?? 0;
}

async function until(what: string, ok: () => Promise<boolean>, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    if (await ok()) return;
  }
  throw new Error(`timed out waiting for ${what}`);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await relay.listen();
  const url = new URL(E2E_DATABASE_URL);
  url.hostname = "127.0.0.1";
  url.port = String(relay.port);
  app = spawn(process.execPath, nextStartArgs(root, String(PORT)), {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      ARENA_SECRET: "e2e-secret-not-for-production",
      NODE_ENV: "production",
    },
    stdio: "ignore",
  });
  await until("the second server", async () => (await status("/api/ready")) === 200, 90_000);
});

test.afterAll(async () => {
  relay.cut();
  app?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  if (app && app.exitCode === null) app.kill("SIGKILL");
});

test("pages say the database is unreachable (503 once known) and come back by themselves", async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await status("/data")).toBe(200);

  relay.cut();
  // The first page after the cut renders before the outage is known: the error boundary
  // asks /api/ready and says what is wrong (App Router answers it 500: rendering had begun).
  const first = await page.goto(`${base}/data`);
  expect(first?.status()).toBe(500);
  await expect(page.getByTestId("database-unavailable")).toContainText(MESSAGE);

  // Known now: pages are answered 503 before rendering, with a page that says so.
  await until("a 503 page", async () => (await status("/data")) === 503);
  const other = await context.newPage();
  await other.setViewportSize({ width: 390, height: 844 });
  await other.emulateMedia({ colorScheme: "dark" });
  const res = await other.goto(`${base}/models/any-model`);
  expect(res?.status()).toBe(503);
  expect(res?.headers()["retry-after"]).toBe("15");
  const box = other.getByTestId("database-unavailable");
  await expect(box).toContainText(MESSAGE);
  // Dark mode and a phone's width: dark background, nothing wider than the screen.
  expect(await box.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(69, 26, 3)");
  expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The APIs keep their own JSON 503.
  expect(await status("/api/leaderboard/freshness")).toBe(503);

  // Back: the 503 page's reload renders the page, and the error boundary shown first
  // shows the page again by itself (it polls /api/ready).
  await relay.listen();
  await until("pages again", async () => (await status("/data")) === 200);
  await expect(page.getByRole("heading", { name: "Data", exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("database-unavailable")).toHaveCount(0);
});
