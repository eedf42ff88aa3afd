import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// A small request pool and a short wait, so that "no connection in time" happens here.
vi.hoisted(() => {
  process.env.ARENA_DB_POOL_SIZE = "4";
  process.env.ARENA_DB_POOL_WAIT_MS = "2000";
});

vi.mock("next/headers", async () => (await import("@/lib/testing/request-context")).nextHeaders);
vi.mock("next/cache", async () => (await import("@/lib/testing/request-context")).nextCache);
// Next's after() needs Next's request scope; the route handler's post-response work runs here instead.
vi.mock("next/server", async (original) => ({
  ...(await original<typeof import("next/server")>()),
  after: (task: () => unknown) => void Promise.resolve().then(task),
}));

const { PLAIN_VOTER_COOKIE } = await import("@/lib/arena/voter-cookie");
const { signVoterId } = await import("@/lib/arena/voter-token");
const { dealCorpusBattle } = await import("@/lib/battles/deal-corpus");
const { db } = await import("@/lib/db/client");
const { arenaSecret } = await import("@/lib/env");
const { resetDb } = await import("@/lib/testing/db");
const { newVoterId, seedSmallCorpus } = await import("@/lib/testing/fixtures");
const { jar } = await import("@/lib/testing/request-context");
const { POST: nextDeal } = await import("@/app/api/battles/route");
const { POST: nextVote } = await import("@/app/api/battles/[id]/vote/route");
const { fastRouteFor } = await import("./routes");
const { cl100kTokens } = await import("@/lib/text-features/cl100k");

// The fast routes answer what the route handlers they stand in for answer: the same
// statuses, codes and words for every refusal, the same stored rows for every success.

let base = "";
const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
  const route = fastRouteFor(req);
  if (!route) {
    res.writeHead(599).end("not a fast route");
    return;
  }
  void route(res);
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const cookieFor = (voterId: string) => `${PLAIN_VOTER_COOKIE}=${signVoterId(voterId, arenaSecret())}`;
const JSON_TYPE = { "content-type": "application/json" };

interface Call {
  path: string;
  voterId?: string;
  headers?: Record<string, string>;
  body?: string;
}

async function viaFast({ path, voterId, headers = JSON_TYPE, body = "{}" }: Call) {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { ...headers, ...(voterId ? { cookie: cookieFor(voterId) } : {}) },
    body,
  });
  return { status: res.status, body: await res.json(), setCookie: res.headers.get("set-cookie") };
}

async function viaNext({ path, voterId, headers = JSON_TYPE, body = "{}" }: Call) {
  jar.clear();
  if (voterId) jar.set(PLAIN_VOTER_COOKIE, signVoterId(voterId, arenaSecret()));
  const req = new Request(`http://localhost:3000${path}`, { method: "POST", headers, body });
  const id = /\/api\/battles\/([^/]+)\/vote/.exec(path)?.[1];
  const res = id ? await nextVote(req, { params: Promise.resolve({ id }) }) : await nextDeal(req);
  return { status: res.status, body: await res.json() };
}

async function dealt(voterId = newVoterId()) {
  const battle = await dealCorpusBattle({ voterId });
  if (!battle) throw new Error("expected a battle");
  return { id: battle.id, voterId };
}

describe("fast deal and vote routes", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ models: 3, prompts: 4 });
  });

  it("deal: a new voter gets a signed cookie and a battle stored for them", async () => {
    const res = await viaFast({ path: "/api/battles" });
    expect(res.status).toBe(201);
    expect(res.setCookie).toMatch(
      new RegExp(`^${PLAIN_VOTER_COOKIE}=[^;]+; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax$`),
    );
    const token = decodeURIComponent(/=([^;]+)/.exec(res.setCookie ?? "")?.[1] ?? "");
    const stored = await db.battle.findUniqueOrThrow({ where: { id: res.body.battle.id } });
    expect(`${stored.voterId}.`).toBe(`${token.split(".")[0]}.`);
    // Counted at the deal (the vote then rewrites no message row).
    const messages = await db.message.findMany({ where: { battleId: stored.id } });
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m.numTokens).toBe(cl100kTokens(m.content));
    expect(Object.keys(res.body.battle).sort()).toEqual(
      Object.keys((await viaNext({ path: "/api/battles" })).body.battle).sort(),
    );
  });

  it("deal: a known voter keeps their id and gets no new cookie", async () => {
    const voterId = newVoterId();
    const res = await viaFast({ path: "/api/battles", voterId });
    expect(res.status).toBe(201);
    expect(res.setCookie).toBeNull();
    expect((await db.battle.findUniqueOrThrow({ where: { id: res.body.battle.id } })).voterId).toBe(voterId);
  });

  it("vote: stored once, answered as the route handler answers, a repeat is already_voted", async () => {
    const a = await dealt();
    const b = await dealt(a.voterId);
    const fast = await viaFast({
      path: `/api/battles/${a.id}/vote`,
      voterId: a.voterId,
      body: '{"choice":"left"}',
    });
    const next = await viaNext({
      path: `/api/battles/${b.id}/vote`,
      voterId: b.voterId,
      body: '{"choice":"left"}',
    });
    expect(fast.status).toBe(201);
    expect(fast.body.status).toBe("ok");
    expect(next).toMatchObject({ status: 201, body: { status: "ok" } });
    expect(Object.keys(fast.body.reveal).sort()).toEqual(Object.keys(next.body.reveal).sort());
    const again = await viaFast({
      path: `/api/battles/${a.id}/vote`,
      voterId: a.voterId,
      body: '{"choice":"right"}',
    });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("already_voted");
    const stored = await db.vote.findUniqueOrThrow({ where: { battleId: a.id } });
    expect(stored.outcome).toBe(fast.body.reveal.outcome ?? stored.outcome);
    expect(await db.vote.count()).toBe(2);
  });

  it("every refusal: the route handler's status, code and words, and nothing stored", async () => {
    const mine = await dealt();
    const theirs = await dealt();
    const vote = (id: string) => `/api/battles/${id}/vote`;
    const cases: [string, Call][] = [
      ["malformed JSON", { path: vote(mine.id), voterId: mine.voterId, body: '{"choice":' }],
      ["wrong type", { path: vote(mine.id), voterId: mine.voterId, body: '{"choice":7}' }],
      ["unknown field", { path: vote(mine.id), voterId: mine.voterId, body: '{"choice":"left","x":1}' }],
      ["empty body", { path: vote(mine.id), voterId: mine.voterId, body: "" }],
      [
        "text/plain",
        {
          path: vote(mine.id),
          voterId: mine.voterId,
          headers: { "content-type": "text/plain" },
          body: '{"choice":"left"}',
        },
      ],
      [
        "cross-site",
        {
          path: vote(mine.id),
          voterId: mine.voterId,
          headers: { ...JSON_TYPE, "sec-fetch-site": "cross-site" },
          body: '{"choice":"left"}',
        },
      ],
      [
        "too large",
        {
          path: vote(mine.id),
          voterId: mine.voterId,
          body: JSON.stringify({ choice: "left", rationale: "x".repeat(9000) }),
        },
      ],
      ["not a uuid", { path: vote("nope"), voterId: mine.voterId, body: '{"choice":"left"}' }],
      [
        "unknown battle",
        {
          path: vote("00000000-0000-4000-8000-000000000000"),
          voterId: mine.voterId,
          body: '{"choice":"left"}',
        },
      ],
      ["no cookie", { path: vote(mine.id), body: '{"choice":"left"}' }],
      ["someone else's battle", { path: vote(theirs.id), voterId: mine.voterId, body: '{"choice":"left"}' }],
      ["deal: unknown field", { path: "/api/battles", voterId: mine.voterId, body: '{"mode":"live"}' }],
      ["deal: malformed", { path: "/api/battles", voterId: mine.voterId, body: "[" }],
    ];
    for (const [name, call] of cases) {
      const [fast, next] = [await viaFast(call), await viaNext(call)];
      expect({ name, status: fast.status, body: fast.body }).toEqual({
        name,
        status: next.status,
        body: next.body,
      });
      expect(fast.status, name).toBeGreaterThanOrEqual(400);
      expect(fast.status, name).toBeLessThan(500);
    }
    expect(await db.vote.count()).toBe(0);
    expect(await db.battle.count()).toBe(2);
  });

  it("a body that keeps coming past the cap: 413 at once, the connection closed, nothing stored", async () => {
    const { id, voterId } = await dealt();
    const url = new URL(`${base}/api/battles/${id}/vote`);
    const answer = await new Promise<{ status: number; connection?: string; text: string }>(
      (resolve, reject) => {
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "POST",
            headers: { ...JSON_TYPE, cookie: cookieFor(voterId) },
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8").on("data", (c: string) => (text += c));
            res.on("end", () =>
              resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }),
            );
          },
        );
        req.on("error", reject);
        // Chunked, no Content-Length: only counting the bytes can stop it.
        req.write(`{"choice":"left","rationale":"${"y".repeat(64 * 1024)}`);
      },
    );
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe("close");
    expect(JSON.parse(answer.text).error.code).toBe("payload_too_large");
    expect(await db.vote.count()).toBe(0);
  });

  it("no database connection within the pool's wait: 503 with Retry-After and nothing half-done", async () => {
    const { id, voterId } = await dealt();
    const holders = Array.from({ length: 4 }, () => db.$queryRaw`SELECT pg_sleep(4)::text`.then(() => 0));
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${base}/api/battles/${id}/vote`, {
      method: "POST",
      headers: { ...JSON_TYPE, cookie: cookieFor(voterId) },
      body: '{"choice":"left"}',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/busy/);
    await Promise.all(holders);
    expect(await db.vote.count()).toBe(0);
    const again = await viaFast({ path: `/api/battles/${id}/vote`, voterId, body: '{"choice":"left"}' });
    expect(again.status).toBe(201);
  });

  it("leaves other methods and paths to Next", () => {
    const req = (method: string, url: string) => ({ method, url }) as IncomingMessage;
    expect(fastRouteFor(req("GET", "/api/battles"))).toBeNull();
    expect(fastRouteFor(req("POST", "/api/battles/"))).toBeNull();
    expect(fastRouteFor(req("POST", "/api/battles/x/stream"))).toBeNull();
    expect(fastRouteFor(req("POST", "/api/battlesx"))).toBeNull();
    expect(fastRouteFor(req("POST", "/api/battles?x=1"))).not.toBeNull();
    expect(fastRouteFor(req("POST", "/api/battles/abc/vote"))).not.toBeNull();
  });
});
