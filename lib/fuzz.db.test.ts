import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signVoterId } from "@/lib/arena/voter-token";
import { db } from "@/lib/db/client";
import { resetDb } from "@/lib/testing/db";
import { type FuzzBody, fuzzActionArgs, fuzzBody, fuzzId, fuzzQuery } from "@/lib/testing/fuzz";
import { jar } from "@/lib/testing/request-context";

vi.hoisted(() => {
  process.env.ARENA_ADMIN_TOKEN = "fuzz-admin-token-123";
  // Limits would answer 429 before most inputs reach their schema; they have their own tests.
  process.env.ARENA_ABUSE_DEFENCES = "off";
});
vi.mock("next/headers", async () => (await import("@/lib/testing/request-context")).nextHeaders);
vi.mock("next/cache", async () => (await import("@/lib/testing/request-context")).nextCache);

// Malformed requests against every route handler (each exported method) and every server
// action, found by reading app/ as lib/authorization.db.test.ts does — a new one is fuzzed
// the day it is written. Each is called as a guest, as a voter with battles and as an
// admin. Nothing may answer 500 or throw anything but Next's own redirect/403 signals or
// an expected AppError; no promise may be left rejected; and the database's invariants
// hold afterwards. FUZZ_REQUESTS sets the total (npm run bench:fuzz: 12,000).

const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 600);
const ROOT = path.resolve(import.meta.dirname, "..");
const SECRET = "test-secret-not-for-production";

type Caller = "guest" | "voter" | "admin";
interface Target {
  id: string;
  kind: "route" | "action";
  method?: string;
  fn: (...args: unknown[]) => Promise<unknown>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
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
      const fn = value as Target["fn"];
      if (isActions) targets.push({ id: `${rel}#${name}`, kind: "action", fn });
      else if (["GET", "POST", "PUT", "PATCH", "DELETE"].includes(name))
        targets.push({ id: `${rel}#${name}`, kind: "route", method: name, fn });
    }
  }
  return targets.sort((a, b) => a.id.localeCompare(b.id));
}

const world = { battles: [] as string[], voterId: "", adminCookie: "" };

function cookieFor(caller: Caller): string {
  if (caller === "voter") return `arena_voter=${signVoterId(world.voterId, SECRET)}`;
  if (caller === "admin") return world.adminCookie;
  return "";
}

/** Next's control flow (redirect(), forbidden(), notFound()): not a failure. */
const isNextSignal = (e: unknown) =>
  /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK|NOT_FOUND)/.test(String((e as { digest?: unknown })?.digest ?? ""));

async function callRoute(
  t: Target,
  caller: Caller,
  id: string,
  query: string,
  body: FuzzBody,
): Promise<string | null> {
  const headers = new Headers({ host: "localhost:3000", "x-forwarded-for": "127.0.0.1" });
  const cookie = cookieFor(caller);
  if (cookie) headers.set("cookie", cookie);
  if (caller === "admin") headers.set("authorization", "Bearer fuzz-admin-token-123");
  const withBody = t.method !== "GET" && body.body !== null;
  if (withBody && body.contentType !== null) headers.set("content-type", body.contentType);
  const url = `http://localhost:3000/${t.id.split("#")[0]}?${query}`;
  const req = new Request(url, {
    method: t.method,
    headers,
    body: withBody ? (body.body as Uint8Array<ArrayBuffer>) : undefined,
  });
  let res: unknown;
  try {
    res = await t.fn(req, { params: Promise.resolve({ id, nextauth: id.split("/") }) });
  } catch (error) {
    if (isNextSignal(error)) return null;
    const status = (error as { status?: number }).status;
    return typeof status === "number" && status < 500 ? null : `threw ${String(error).slice(0, 300)}`;
  }
  if (!(res instanceof Response)) return `returned ${String(res).slice(0, 100)}`;
  try {
    await res.text(); // streamed bodies fail while being read, not before
  } catch (error) {
    return `${res.status} body failed: ${String(error).slice(0, 300)}`;
  }
  return res.status >= 500 ? `answered ${res.status}` : null;
}

async function callAction(t: Target, caller: Caller, args: unknown[]): Promise<string | null> {
  jar.clear();
  for (const part of cookieFor(caller).split("; ").filter(Boolean)) {
    const [k, ...v] = part.split("=");
    jar.set(k, v.join("="));
  }
  try {
    await t.fn(...args);
    return null;
  } catch (error) {
    if (isNextSignal(error)) return null;
    const status = (error as { status?: number }).status;
    return typeof status === "number" && status < 500 ? null : `threw ${String(error).slice(0, 300)}`;
  }
}

let targets: Target[] = [];
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onRejection);
  targets = await discover();
  await resetDb();
  const { seedSmallCorpus } = await import("@/lib/testing/fixtures");
  await seedSmallCorpus({ models: 3, prompts: 4 });
  world.voterId = (await db.voter.create({ data: {} })).id;
  const { dealCorpusBattle } = await import("@/lib/battles/deal-corpus");
  for (let i = 0; i < 4; i++) {
    const battle = await dealCorpusBattle({ voterId: world.voterId });
    if (battle) world.battles.push(battle.id);
  }
  const { hashPassword } = await import("@/lib/passwords");
  await db.user.create({
    data: {
      email: "fuzz-admin@example.com",
      role: "admin",
      passwordHash: await hashPassword("fuzz-password-1"),
    },
  });
  const { signInAction } = await import("@/app/signin/actions");
  const form = new FormData();
  form.set("email", "fuzz-admin@example.com");
  form.set("password", "fuzz-password-1");
  jar.clear();
  await signInAction({ status: "idle" }, form).catch((e: unknown) => {
    if (!isNextSignal(e)) throw e;
  });
  world.adminCookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}, 120_000);

afterAll(() => {
  process.off("unhandledRejection", onRejection);
});

describe(`fuzzing every route handler and server action (${TOTAL} requests)`, () => {
  it("finds the handlers and actions, and the admin is signed in", () => {
    const ids = targets.map((t) => t.id);
    expect(ids).toContain("app/api/battles/[id]/vote/route.ts#POST");
    expect(ids).toContain("app/(arena)/actions.ts#explainVoteAction");
    expect(ids).toContain("app/admin/models/actions.ts#saveModelAction");
    expect(world.adminCookie).toContain("authjs.session-token");
    expect(world.battles.length).toBeGreaterThan(0);
  });

  it("answers malformed input without a 500, a crash or an unhandled rejection", async () => {
    const perTarget = Math.max(1, Math.ceil(TOTAL / targets.length));
    const caller = fc.constantFrom<Caller>("guest", "voter", "admin");
    const failures: string[] = [];
    let requests = 0;
    for (const t of targets) {
      // Shrinking replays failures many times; one counterexample per target is enough here.
      const params = { numRuns: perTarget, seed: 17, endOnFailure: true };
      if (t.kind === "route") {
        await fc.check(
          fc.asyncProperty(
            caller,
            fuzzId(world.battles),
            fuzzQuery,
            fuzzBody(world.battles),
            async (c, id, q, b) => {
              requests++;
              const failure = await callRoute(t, c, id, q, b);
              if (failure) failures.push(`${t.id} as ${c}, ${b.label}: ${failure}`);
              return failure === null;
            },
          ),
          params,
        );
      } else {
        await fc.check(
          fc.asyncProperty(caller, fuzzActionArgs(world.battles), async (c, args) => {
            requests++;
            const failure = await callAction(t, c, args);
            if (failure) failures.push(`${t.id} as ${c}: ${failure}`);
            return failure === null;
          }),
          params,
        );
      }
    }
    await new Promise((r) => setTimeout(r, 200));
    console.log(
      `fuzz: ${requests} requests over ${targets.length} handlers and actions, ${failures.length} failure(s)`,
    );
    expect([...new Set(failures)].slice(0, 20)).toEqual([]);
    expect(rejections.map(String)).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(TOTAL * 0.9);
  }, 1_800_000);

  it("leaves the database's invariants intact", async () => {
    const one = async (sql: TemplateStringsArray) => {
      const [row] = await db.$queryRaw<{ n: bigint }[]>(sql);
      return Number(row.n);
    };
    // A vote only on a voted battle, and a voted battle always has its vote.
    expect(
      await one`SELECT count(*) AS n FROM votes v JOIN battles b ON b.id = v.battle_id WHERE b.status <> 'voted'`,
    ).toBe(0);
    expect(
      await one`SELECT count(*) AS n FROM battles b WHERE b.status = 'voted' AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = b.id)`,
    ).toBe(0);
    // The trigger-kept aggregates count every vote once.
    expect(
      await one`SELECT coalesce(sum(n), 0) - (SELECT count(*) FROM votes) AS n FROM vote_aggregates WHERE category = 'overall'`,
    ).toBe(0);
    // Nothing left half-done: no answer still streaming, no stream lease held.
    expect(
      await one`SELECT count(*) AS n FROM messages m JOIN battles b ON b.id = m.battle_id WHERE b.mode <> 'corpus' AND m.side IS NOT NULL AND m.finish_reason IS NULL AND m.provider_error IS NULL`,
    ).toBe(0);
    expect(await one`SELECT count(*) AS n FROM stream_leases`).toBe(0);
    // Battles still pair two different models, and every battle has its prompt.
    expect(await one`SELECT count(*) AS n FROM battles WHERE model_a_id = model_b_id`).toBe(0);
    expect(
      await one`SELECT count(*) AS n FROM battles b WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.battle_id = b.id AND m.side IS NULL) AND b.corpus_prompt_id IS NULL`,
    ).toBe(0);
  });
});
