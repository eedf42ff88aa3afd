import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, RateLimitedError } from "@/lib/abuse/limits";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { db } from "./client";
import { consumeLimit } from "./rate-limits";
import {
  acquireStreamLease,
  assertBattleWithinBudget,
  modelsOverBudget,
  releaseStreamLease,
} from "./stream-limits";

const limits = {
  ...DEFAULT_LIMITS,
  vote: { voter: { points: 3, durationS: 60 }, ip: { points: 4, durationS: 60 } },
};

async function spend(
  n: number,
  subject: { voterId?: string; ipHash?: string },
  store?: Parameters<typeof consumeLimit>[2],
) {
  const out: (RateLimitedError | null)[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      await consumeLimit("vote", subject, { limits, ...store }).then(
        () => null,
        (e) => e,
      ),
    );
  return out;
}

describe("consumeLimit (Postgres, shared rate_limits table)", () => {
  beforeEach(resetDb);

  it("lets `points` through per voter, then 429s with the time to wait", async () => {
    const voterId = newVoterId();
    const r = await spend(5, { voterId });
    expect(r.slice(0, 3)).toEqual([null, null, null]);
    expect(r[3]).toBeInstanceOf(RateLimitedError);
    expect(r[3]?.retryAfterS).toBeGreaterThan(50);
    expect(r[3]?.retryAfterS).toBeLessThanOrEqual(60);
    // Another voter has its own budget; the counter lives in the database.
    expect(await spend(1, { voterId: newVoterId() })).toEqual([null]);
    expect(await db.rateLimit.count()).toBe(2);
  });

  it("limits an address across many voter cookies", async () => {
    const r = await Promise.all(
      Array.from({ length: 6 }, () => spend(1, { voterId: newVoterId(), ipHash: "ip-1" })),
    );
    expect(r.flat().filter((e) => e === null)).toHaveLength(4);
  });
});

describe("consumeLimit (Redis)", () => {
  const client = new Redis(process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379", {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  afterAll(() => client.quit());

  it("counts in Redis under its own key prefix", async (ctx) => {
    try {
      await client.connect();
    } catch {
      ctx.skip();
    }
    const prefix = `test-${randomUUID()}:`;
    const r = await spend(4, { voterId: newVoterId() }, { store: { kind: "redis", client }, prefix });
    expect(r.map((e) => e?.code ?? null)).toEqual([null, null, null, "rate_limited"]);
    expect(await client.keys(`${prefix}*`)).toHaveLength(1);
    await client.del(...(await client.keys(`${prefix}*`)));
  });
});

describe("stream leases", () => {
  beforeEach(resetDb);

  it("caps streams per voter and overall, across callers, and frees them on release", async () => {
    const caps = { perVoter: 2, overall: 3 };
    const a = newVoterId();
    const battleId = randomUUID();
    const leases = await Promise.all(
      Array.from({ length: 4 }, () => acquireStreamLease({ voterId: a, battleId, caps }).catch((e) => e)),
    );
    expect(leases.filter((l) => l instanceof RateLimitedError)).toHaveLength(2);
    expect((leases.find((l) => l instanceof RateLimitedError) as RateLimitedError).message).toMatch(
      /another tab/,
    );
    await acquireStreamLease({ voterId: newVoterId(), battleId, caps });
    const full = await acquireStreamLease({ voterId: newVoterId(), battleId, caps }).catch((e) => e);
    expect(full.message).toMatch(/as many prompts as it can/);
    await releaseStreamLease(leases[0]);
    expect(await acquireStreamLease({ voterId: newVoterId(), battleId, caps })).toHaveProperty("id");
  });

  it("ignores expired leases (an instance that crashed)", async () => {
    const voterId = newVoterId();
    await db.streamLease.create({
      data: { voterId, battleId: randomUUID(), expiresAt: new Date(Date.now() - 1000) },
    });
    expect(
      await acquireStreamLease({ voterId, battleId: randomUUID(), caps: { perVoter: 1, overall: 1 } }),
    ).toHaveProperty("id");
  });
});

describe("daily token budget", () => {
  beforeEach(resetDb);

  it("counts tokens of finished live answers (not corpus ones) and refuses battles over budget", async () => {
    await seedSmallCorpus({ models: 2 });
    const voterId = newVoterId();
    const corpus = await dealCorpusBattle({ voterId });
    const [a, b] = await db.model.findMany({ orderBy: { slug: "asc" } });
    await db.model.update({
      where: { id: a.id },
      data: { providerConfig: { model: "x", dailyTokenBudget: 100 } },
    });
    const live = await db.battle.create({
      data: {
        mode: "anonymous",
        modelAId: a.id,
        modelBId: b.id,
        shownLeft: "a",
        samplerName: "t",
        samplerVersion: "1",
        pairProbability: 1,
        voterId,
        messages: {
          create: [
            { side: "a", turn: 0, role: "assistant", content: "" },
            { side: "b", turn: 0, role: "assistant", content: "" },
          ],
        },
      },
      include: { messages: true },
    });
    const [ma, mb] = [live.messages.find((m) => m.side === "a")!, live.messages.find((m) => m.side === "b")!];
    await db.message.update({
      where: { id: ma.id },
      data: { content: "x".repeat(400), tokens: 60, finishReason: "stop" },
    });
    await db.message.update({
      where: { id: mb.id },
      data: { content: "y".repeat(400), finishReason: "stop" },
    });
    // A second update of a finished answer is not counted twice.
    await db.message.update({ where: { id: ma.id }, data: { latencyMs: 5 } });
    const usage = await db.modelTokenUsage.findMany({ orderBy: { tokens: "asc" } });
    expect(usage.map((u) => [u.modelId, Number(u.tokens)])).toEqual([
      [a.id, 60],
      [b.id, 100],
    ]);
    expect(await modelsOverBudget()).toEqual(new Set());
    await db.message
      .create({ data: { battleId: live.id, side: "a", turn: 1, role: "assistant", content: "" } })
      .then((m) => db.message.update({ where: { id: m.id }, data: { tokens: 40, finishReason: "length" } }));
    expect(await modelsOverBudget()).toEqual(new Set([a.id]));
    const err = await assertBattleWithinBudget({ battleId: live.id }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.message).toMatch(/today's answer budget/);
    expect(corpus).not.toBeNull();
  });
});

describe("consumeLimit (Postgres) concurrency", () => {
  beforeEach(resetDb);

  it("counts every request exactly once under concurrency, voter and address in one statement", async () => {
    const voters = Array.from({ length: 8 }, () => newVoterId());
    const many = {
      ...limits,
      vote: { voter: { points: 1000, durationS: 60 }, ip: { points: 1000, durationS: 60 } },
    };
    await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        consumeLimit("vote", { voterId: voters[i % 8], ipHash: "ip-shared" }, { limits: many }),
      ),
    );
    const rows = await db.rateLimit.findMany();
    expect(rows.find((r) => r.key.endsWith(":ip-shared"))?.points).toBe(80);
    expect(rows.filter((r) => voters.some((v) => r.key.endsWith(`:${v}`))).map((r) => r.points)).toEqual(
      Array(8).fill(10),
    );
  });
});
