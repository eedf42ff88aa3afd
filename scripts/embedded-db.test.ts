import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { persistedSecret } from "./admin-bootstrap";
import { embedded, LEGACY_PASSWORD, privateDataFolder, startEmbeddedDb } from "./embedded-db";

const roots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), "arena-embedded-test-"));
  // The embedded server runs as `postgres` when the tests run as root: it must enter the folder.
  chmodSync(root, 0o755);
  roots.push(root);
  return root;
}
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

async function canLogIn(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

describe("the embedded database's secrets", () => {
  it("keeps .data private (0700) and each secret in a 0600 file, random and stable", () => {
    const root = tempRoot();
    privateDataFolder(root);
    const a = persistedSecret(root, "db-password", 18);
    expect(a).toMatch(/^[\w-]{24}$/);
    expect(persistedSecret(root, "db-password", 18)).toBe(a);
    expect(persistedSecret(tempRoot(), "db-password", 18)).not.toBe(a);
    expect(statSync(privateDataFolder(root)).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(root, ".data", "db-password")).mode & 0o777).toBe(0o600);
  });

  it("replaces the old fixed password of an existing database with the random one", async () => {
    const root = tempRoot();
    const dataDir = path.join(privateDataFolder(root), "pg");
    chmodSync(path.dirname(dataDir), 0o755); // as an earlier version left it; start makes it 0700 again
    // A database initialised by an earlier version, with the fixed password.
    await embedded(dataDir, 0, true, () => {}, [], LEGACY_PASSWORD).initialise();
    process.env.ARENA_DB_PORT = "3239";
    const db = await startEmbeddedDb(root, () => {});
    try {
      const password = readFileSync(path.join(root, ".data", "db-password"), "utf8").trim();
      const { port } = new URL(db.url);
      expect(new URL(db.url).password).toBe(password);
      expect(password).not.toBe(LEGACY_PASSWORD);
      expect(await canLogIn(`postgresql://postgres:${password}@127.0.0.1:${port}/postgres`)).toBe(true);
      expect(await canLogIn(`postgresql://postgres:${LEGACY_PASSWORD}@127.0.0.1:${port}/postgres`)).toBe(
        false,
      );
      expect(statSync(path.join(root, ".data")).mode & 0o777).toBe(0o700);
    } finally {
      await db.stop();
      delete process.env.ARENA_DB_PORT;
    }
  });
});
