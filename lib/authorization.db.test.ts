import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { fingerprintDb as fingerprint, resetDb } from "@/lib/testing/db";
import { cookieHeader, jar } from "@/lib/testing/request-context";

vi.mock("next/headers", async () => (await import("@/lib/testing/request-context")).nextHeaders);
vi.mock("next/cache", async () => (await import("@/lib/testing/request-context")).nextCache);

// Every server action ("use server" file) and every route handler that changes state
// (POST/PUT/PATCH/DELETE), found by reading app/ — so a new one is covered the day it
// is written — is called as a guest and as a signed-in plain voter: it must answer
// 401/403 and leave the database exactly as it was. Public ones are listed below with
// the reason; a listed name that no longer exists fails the test too.

const ROOT = path.resolve(import.meta.dirname, "..");
const PUBLIC: Record<string, string> = {
  "app/(arena)/actions.ts#explainVoteAction": "a voter explains their own vote (voter cookie checked)",
  "app/(arena)/actions.ts#rateCriteriaAction":
    "a voter rates their own vote on each criterion (voter cookie checked)",
  "app/(arena)/actions.ts#getChallengeAction":
    "a voter asks for their own vote challenge (no account needed)",
  "app/(arena)/actions.ts#passChallengeAction":
    "a voter hands in their own solved challenge (bound to their cookie)",
  "app/(arena)/actions.ts#startLiveBattleAction": "voters deal live battles anonymously",
  "app/(arena)/actions.ts#continueBattleAction":
    "a voter's follow-up in their own battle (voter cookie checked)",
  "app/(arena)/actions.ts#stopSideAction": "a voter stops their own stream (voter cookie checked)",
  "app/(arena)/actions.ts#regenerateBattleAction":
    "a voter re-asks their own voted battle (voter cookie checked)",
  "app/signin/actions.ts#signInAction": "how a session starts",
  "app/signin/actions.ts#oauthSignInAction": "how a session starts (OAuth)",
  "app/signin/actions.ts#signOutAction": "ends the caller's own session",
  "app/api/battles/[id]/stream/route.ts#POST": "streams a voter's own battle (voter cookie checked)",
  "app/api/battles/[id]/vote/route.ts#POST": "voting never needs an account",
  "app/api/battles/route.ts#POST": "deals a fixed-prompt battle to an anonymous voter",
  "app/api/challenge/route.ts#POST": "a voter hands in their own solved challenge (voter cookie checked)",
  "app/api/auth/[...nextauth]/route.ts#POST": "Auth.js's own sign-in endpoints",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

interface Target {
  id: string;
  call: () => Promise<unknown>;
}

async function discover(): Promise<Target[]> {
  const targets: Target[] = [];
  for (const file of sourceFiles(path.join(ROOT, "app"))) {
    const rel = path.relative(ROOT, file).split(path.sep).join("/");
    const text = readFileSync(file, "utf8");
    const isActions = /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(text);
    const isRoute = path.basename(file) === "route.ts";
    if (!isActions && !isRoute) continue;
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== "function") continue;
      if (isActions) {
        targets.push({
          id: `${rel}#${name}`,
          call: () =>
            (value as (s: unknown, f: FormData) => unknown)(
              { status: "idle" },
              new FormData(),
            ) as Promise<unknown>,
        });
      } else if (["POST", "PUT", "PATCH", "DELETE"].includes(name)) {
        targets.push({
          id: `${rel}#${name}`,
          call: () =>
            (value as (r: Request, c: unknown) => Promise<Response>)(
              new Request(`http://localhost:3000/${rel}`, {
                method: name,
                headers: { cookie: cookieHeader(), "content-type": "application/json" },
                body: "{}",
              }),
              { params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000", nextauth: ["x"] }) },
            ),
        });
      }
    }
  }
  return targets.sort((a, b) => a.id.localeCompare(b.id));
}

/** 401/403 as a Response status, a returned `{status: "error", code}` or a thrown AppError. */
async function outcome(t: Target): Promise<number | string> {
  try {
    const r = await t.call();
    if (r instanceof Response) return r.status;
    const code = (r as { code?: string } | undefined)?.code;
    return code === "unauthorized" ? 401 : code === "forbidden" ? 403 : JSON.stringify(r);
  } catch (error) {
    const status = (error as { status?: number }).status;
    return typeof status === "number" ? status : String(error);
  }
}

let targets: Target[] = [];

beforeAll(async () => {
  targets = await discover();
}, 120_000);

describe("authorisation of every state-changing action and handler", () => {
  beforeEach(async () => {
    await resetDb();
    jar.clear();
    const { seedSmallCorpus } = await import("@/lib/testing/fixtures");
    await seedSmallCorpus();
    await db.voter.create({ data: { id: "11111111-1111-4111-8111-111111111111" } });
  });

  it("finds the console's actions and handlers, and every allow-listed name exists", () => {
    const ids = targets.map((t) => t.id);
    expect(ids).toContain("app/admin/models/actions.ts#saveModelAction");
    expect(ids).toContain("app/admin/users/actions.ts#setRoleAction");
    expect(ids).toContain("app/api/admin/corpora/route.ts#POST");
    for (const name of Object.keys(PUBLIC)) expect(ids).toContain(name);
  });

  it("a guest gets 401 and changes nothing", async () => {
    const before = await fingerprint();
    const results: Record<string, number | string> = {};
    for (const t of targets.filter((t) => !(t.id in PUBLIC))) results[t.id] = await outcome(t);
    for (const [id, r] of Object.entries(results)) expect(r, id).toBe(401);
    expect(await fingerprint()).toBe(before);
  });

  it("a signed-in voter gets 403 and changes nothing", async () => {
    const { hashPassword } = await import("@/lib/passwords");
    await db.user.create({
      data: {
        email: "voter@example.com",
        role: "voter",
        passwordHash: await hashPassword("voter-password-1"),
      },
    });
    const { signInAction } = await import("@/app/signin/actions");
    const form = new FormData();
    form.set("email", "voter@example.com");
    form.set("password", "voter-password-1");
    await signInAction({ status: "idle" }, form).catch((e: unknown) => {
      if (!String((e as Error).message).includes("NEXT_REDIRECT")) throw e;
    });
    expect([...jar.keys()], "signed in").toContain("authjs.session-token");
    const before = await fingerprint();
    const results: Record<string, number | string> = {};
    for (const t of targets.filter((t) => !(t.id in PUBLIC))) results[t.id] = await outcome(t);
    for (const [id, r] of Object.entries(results)) expect(r, id).toBe(403);
    expect(await fingerprint()).toBe(before);
  });
});
