import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EMBEDDED_URL_FILE, embeddedDatabaseUrl } from "./database-url";

const root = path.resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "database-url-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("finding the embedded database of `npm run arena`", () => {
  it("uses the recorded URL while something listens there, and ignores a stale file", async () => {
    const server = createServer().listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as { port: number };
    const file = path.join(tmp, "database-url");
    const url = `postgresql://postgres:postgres@127.0.0.1:${port}/arena`;
    writeFileSync(file, `${url}\n`);
    expect(await embeddedDatabaseUrl(file)).toBe(url);
    await new Promise((r) => server.close(r));
    expect(await embeddedDatabaseUrl(file)).toBeNull(); // the arena was killed: nobody listens
    expect(await embeddedDatabaseUrl(path.join(tmp, "missing"))).toBeNull();
  });

  it("import:corpus without DATABASE_URL or a running arena says exactly what to do", () => {
    if (existsSync(EMBEDDED_URL_FILE)) return; // an arena runs in this checkout
    const file = path.join(root, "lib/corpus/__fixtures__/own-prompts.jsonl");
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/import-corpus.ts", file], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "" },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("DATABASE_URL is unset and no embedded database is running");
    expect(run.stderr).toContain("npm run arena");
    expect(run.stderr).not.toContain("Invalid environment");
  });
});
