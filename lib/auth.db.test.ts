import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { resetDb } from "@/lib/testing/db";
import { jar } from "@/lib/testing/request-context";

vi.mock("next/headers", async () => (await import("@/lib/testing/request-context")).nextHeaders);
vi.mock("next/cache", async () => (await import("@/lib/testing/request-context")).nextCache);

// Before lib/env reads (and memoises) the environment.
vi.hoisted(() => {
  process.env.ARENA_ADMIN_TOKEN = "automation-token-123";
  process.env.ARENA_RATE_LIMITS = JSON.stringify({ signin: { voter: { points: 3, durationS: 900 } } });
});

const { signInAction } = await import("@/app/signin/actions");
const { requireRole, requireRoleOrToken, getSession } = await import("@/lib/auth");
const { bootstrapAdmin } = await import("@/lib/db/users");
const { getOrCreateVoterId } = await import("@/lib/voter-session");

async function signInWith(email: string, password: string) {
  const form = new FormData();
  form.set("email", email);
  form.set("password", password);
  try {
    return await signInAction({ status: "idle" }, form);
  } catch (error) {
    if (String((error as Error).message).includes("NEXT_REDIRECT")) return { status: "redirected" as const };
    throw error;
  }
}

const ADMIN = { email: "Admin@Example.com", password: "a-long-admin-password" };

describe("accounts", () => {
  beforeEach(async () => {
    await resetDb();
    jar.clear();
  });

  it("bootstraps the admin with a bcrypt hash only, and is idempotent", async () => {
    expect(await bootstrapAdmin(ADMIN)).toBe("created");
    expect(await bootstrapAdmin(ADMIN)).toBe("unchanged");
    const user = await db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    expect(user.role).toBe("admin");
    expect(user.passwordHash).toMatch(/^\$2[aby]\$11\$/);
    expect(user.passwordHash).not.toContain(ADMIN.password);
    expect(await bootstrapAdmin({ ...ADMIN, password: "another-long-password" })).toBe("updated");
  });

  it("a wrong password gets a clear message and no session", async () => {
    await bootstrapAdmin(ADMIN);
    expect(await signInWith(ADMIN.email, "not-the-password")).toEqual({
      status: "error",
      message: "Wrong email or password.",
    });
    expect(jar.has("authjs.session-token")).toBe(false);
    await expect(requireRole("voter")).rejects.toMatchObject({ status: 401 });
  });

  it("too many wrong passwords lock the account for a while, even with the right one", async () => {
    await bootstrapAdmin(ADMIN);
    for (let i = 0; i < 3; i++) {
      expect(await signInWith(ADMIN.email, `wrong-${i}`)).toEqual({
        status: "error",
        message: "Wrong email or password.",
      });
    }
    const locked = await signInWith(ADMIN.email, ADMIN.password);
    expect(locked).toMatchObject({ status: "error" });
    expect((locked as { message: string }).message).toMatch(
      /^Too many failed sign-ins for this account or from this address\. Try again in (1[0-5] minutes|\d+ seconds)\.$/,
    );
    expect(jar.has("authjs.session-token")).toBe(false);
    // Another account is not affected, and its successful sign-in spends nothing.
    await bootstrapAdmin({ email: "other@example.com", password: "another-long-password" });
    expect(await signInWith("other@example.com", "another-long-password")).toEqual({ status: "redirected" });
    // When the window has passed (here: the counters are gone), the right password works again.
    await db.$executeRaw`DELETE FROM rate_limits`;
    jar.clear();
    expect(await signInWith(ADMIN.email, ADMIN.password)).toEqual({ status: "redirected" });
  });

  it("signing in links this browser's guest voter (its votes stay with it)", async () => {
    await bootstrapAdmin(ADMIN);
    const guest = await getOrCreateVoterId();
    await db.voter.create({ data: { id: guest } });
    expect(await signInWith(ADMIN.email, ADMIN.password)).toEqual({ status: "redirected" });
    const session = await getSession();
    expect(session?.role).toBe("admin");
    const voter = await db.voter.findUniqueOrThrow({ where: { id: guest } });
    expect(voter.userId).toBe(session?.userId);
    expect(await db.voter.count()).toBe(1);
  });

  it("revoking sessions or changing the role applies to a live session at once", async () => {
    await bootstrapAdmin(ADMIN);
    await signInWith(ADMIN.email, ADMIN.password);
    await expect(requireRole("admin")).resolves.toMatchObject({ role: "admin" });
    await db.user.updateMany({ data: { sessionVersion: { increment: 1 } } });
    // getSession is memoised per request with React's cache; outside a request every call is fresh.
    await expect(requireRole("voter")).rejects.toMatchObject({ status: 401 });
  });

  it("the bearer token acts as a maintainer on route handlers, never as an admin", async () => {
    const ok = new Request("http://x/api/admin/recompute", {
      method: "POST",
      headers: { authorization: "Bearer automation-token-123" },
    });
    await expect(requireRoleOrToken(ok, "maintainer")).resolves.toMatchObject({ label: "automation token" });
    await expect(requireRoleOrToken(ok, "admin")).rejects.toMatchObject({ status: 401 });
    const bad = new Request("http://x", { method: "POST", headers: { authorization: "Bearer nope" } });
    await expect(requireRoleOrToken(bad, "maintainer")).rejects.toMatchObject({ status: 401 });
  });
});
