import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { verifyPassword } from "@/lib/passwords";
import { resetDb } from "@/lib/testing/db";
import { ensureAdmin, GENERATED_ADMIN_EMAIL } from "./admin-bootstrap";

// `npm run arena`'s first admin, as the launcher calls it on a fresh clone.
describe("the bootstrap admin of npm run arena", () => {
  let root: string;
  beforeEach(async () => {
    await resetDb();
    root = mkdtempSync(path.join(tmpdir(), "arena-bootstrap-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("with no env pair: generates a password into .data/ (mode 0600) and says where", async () => {
    const line = await ensureAdmin(root, {});
    const file = path.join(root, ".data", "admin-password");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o077).toBe(0);
    const password = readFileSync(file, "utf8").trim();
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(line).toBe(`Admin sign-in: ${GENERATED_ADMIN_EMAIL}, password in ${file} (readable by you only)`);
    expect(line).not.toContain(password);
    const user = await db.user.findUniqueOrThrow({ where: { email: GENERATED_ADMIN_EMAIL } });
    expect(user.role).toBe("admin");
    expect(user.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, user.passwordHash)).toBe(true);

    // A second start keeps the same password (and tightens a loosened file).
    chmodSync(file, 0o644);
    await ensureAdmin(root, {});
    expect(readFileSync(file, "utf8").trim()).toBe(password);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await db.user.count()).toBe(1);
  });

  it("with the env pair: that admin, no file, and the password is never printed", async () => {
    const env = { ARENA_ADMIN_EMAIL: "Ops@Example.org", ARENA_ADMIN_PASSWORD: "env-given-secret-42" };
    const line = await ensureAdmin(root, env);
    expect(line).toBe("Admin sign-in: ops@example.org (password from ARENA_ADMIN_PASSWORD)");
    expect(line).not.toContain(env.ARENA_ADMIN_PASSWORD);
    expect(() => statSync(path.join(root, ".data", "admin-password"))).toThrow();
    const user = await db.user.findUniqueOrThrow({ where: { email: "ops@example.org" } });
    expect(user.role).toBe("admin");
    expect(await verifyPassword(env.ARENA_ADMIN_PASSWORD, user.passwordHash)).toBe(true);
  });

  it("refuses half a pair, creating nothing", async () => {
    await expect(ensureAdmin(root, { ARENA_ADMIN_EMAIL: "ops@example.org" })).rejects.toThrow(
      "Set both ARENA_ADMIN_EMAIL and ARENA_ADMIN_PASSWORD, or neither.",
    );
    expect(await db.user.count()).toBe(0);
  });

  it("keeps an existing password file as it is", async () => {
    const file = path.join(root, ".data", "admin-password");
    await ensureAdmin(root, {});
    writeFileSync(file, "hand-chosen-password-123\n", { mode: 0o600 });
    expect(await ensureAdmin(root, {})).toContain(file);
    const user = await db.user.findUniqueOrThrow({ where: { email: GENERATED_ADMIN_EMAIL } });
    expect(await verifyPassword("hand-chosen-password-123", user.passwordHash)).toBe(true);
  });
});
