import { beforeEach, describe, expect, it, vi } from "vitest";

// A small request pool and a short wait for it, so that "more voters than connections"
// and "no connection in time" happen in a test; read once by lib/env.ts at first use.
vi.hoisted(() => {
  process.env.ARENA_DB_POOL_SIZE = "4";
  process.env.ARENA_DB_POOL_WAIT_MS = "3000";
});
vi.mock("next/headers", async () => (await import("@/lib/testing/request-context")).nextHeaders);
vi.mock("next/cache", async () => (await import("@/lib/testing/request-context")).nextCache);

const { PLAIN_VOTER_COOKIE } = await import("@/lib/arena/voter-cookie");
const { signVoterId } = await import("@/lib/arena/voter-token");
const { dealCorpusBattle } = await import("@/lib/battles/deal-corpus");
const { db } = await import("@/lib/db/client");
const { getFreshness } = await import("@/lib/db/leaderboard-freshness");
const { recordVote } = await import("@/lib/db/votes");
const { arenaSecret } = await import("@/lib/env");
const { recomputeLeaderboards } = await import("@/lib/leaderboard/recompute");
const { resetDb } = await import("@/lib/testing/db");
const { newVoterId, seedSmallCorpus } = await import("@/lib/testing/fixtures");
const { jar } = await import("@/lib/testing/request-context");
const { POST: voteRoute } = await import("@/app/api/battles/[id]/vote/route");

async function deal(voterId = newVoterId()) {
  const battle = await dealCorpusBattle({ voterId });
  if (!battle) throw new Error("expected a battle");
  return { battleId: battle.id, voterId };
}

/** Per category, the trigger-kept counts must equal a count of the votes themselves. */
async function expectAggregatesExact() {
  const rows = await db.$queryRaw<{ category: string; kept: number; counted: number }[]>`
    WITH kept AS (SELECT category, sum(n)::int AS n FROM vote_aggregates GROUP BY 1),
    counted AS (
      SELECT t.tag AS category, count(*)::int AS n
      FROM votes v JOIN battles b ON b.id = v.battle_id
      CROSS JOIN LATERAL unnest(array_append(b.category_tags, 'overall')) AS t(tag)
      GROUP BY 1)
    SELECT coalesce(k.category, c.category) AS category, coalesce(k.n, 0) AS kept, coalesce(c.n, 0) AS counted
    FROM kept k FULL JOIN counted c ON c.category = k.category`;
  for (const r of rows) expect(r, r.category).toMatchObject({ kept: r.counted });
  return rows;
}

describe("the vote path under concurrency", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ models: 4, prompts: 6 });
  });

  it("64 voters at once on a 4-connection pool: every vote stored once, counted exactly", async () => {
    const battles = await Promise.all(Array.from({ length: 64 }, () => deal()));
    const results = await Promise.all(
      battles.map((b, i) => recordVote({ ...b, choice: i % 3 === 0 ? "tie" : i % 2 ? "left" : "right" })),
    );
    expect(results.every((r) => r.status === "ok")).toBe(true);
    expect(await db.vote.count()).toBe(64);
    expect(await db.battle.count({ where: { status: "voted" } })).toBe(64);
    // Every vote measured what its voter saw (conv_metadata, style, the messages' counts).
    const [missing] = await db.$queryRaw<{ n: number }[]>`
      SELECT (SELECT count(*) FROM votes WHERE conv_metadata IS NULL OR style_features IS NULL)::int
           + (SELECT count(*) FROM messages WHERE num_tokens IS NULL)::int AS n`;
    expect(missing.n).toBe(0);
    const rows = await expectAggregatesExact();
    expect(rows.find((r) => r.category === "overall")?.kept).toBe(64);
  });

  it("votes cast while a recompute runs are all counted by the next one", async () => {
    for (let i = 0; i < 5; i++) {
      const b = await deal();
      await recordVote({ ...b, choice: "left" });
    }
    const battles = await Promise.all(Array.from({ length: 40 }, () => deal()));
    const running = recomputeLeaderboards({ ci: "bootstrap", rounds: 200, seed: 1 });
    const results = await Promise.all(battles.map((b) => recordVote({ ...b, choice: "right" })));
    expect(results.every((r) => r.status === "ok")).toBe(true);
    expect((await running).status).toBe("ok");
    // "unchanged" when every vote committed before the first run read them (votes are fast).
    expect(["ok", "unchanged"]).toContain(
      (await recomputeLeaderboards({ ci: "none", rounds: 0, seed: 0 }, { ifChanged: true })).status,
    );
    const [snapshot] = await db.$queryRaw<{ num_votes: number }[]>`
      SELECT num_votes FROM leaderboard_snapshots WHERE category = 'overall' AND kind = 'plain'
      ORDER BY created_at DESC LIMIT 1`;
    expect(snapshot.num_votes).toBe(45);
    expect((await getFreshness()).votesSince).toBe(0);
    await expectAggregatesExact();
  });

  it("a change of the answers between the read and the lock is measured again, never stored stale", async () => {
    const { battleId, voterId } = await deal();
    // record_vote with the fingerprint of what the battle was before a regeneration: refused as changed.
    const [stale] = await db.$queryRaw<{ status: string }[]>`
      SELECT status FROM record_vote(${battleId}::uuid, ${voterId}::uuid, 'not the battle as read', 'a'::"Outcome",
                                     '{}'::text[], NULL, NULL, NULL, '{}'::jsonb, '{}'::json,
                                     '{}'::uuid[], '{}'::int[], NULL, NULL, NULL)`;
    expect(stale.status).toBe("changed");
    expect(await db.vote.count()).toBe(0);
    expect((await db.battle.findUniqueOrThrow({ where: { id: battleId } })).status).toBe("ready");
    // A new attempt on side a (what a completed regeneration leaves): the vote measures it.
    await db.message.create({
      data: { battleId, side: "a", turn: 0, attempt: 1, role: "assistant", content: "word ".repeat(300) },
    });
    expect((await recordVote({ battleId, voterId, choice: "left" })).status).toBe("ok");
    const vote = await db.vote.findUniqueOrThrow({ where: { battleId } });
    const meta = vote.convMetadata as Record<string, number>;
    const battle = await db.battle.findUniqueOrThrow({ where: { id: battleId } });
    const tokensOfA = battle.shownLeft === "a" ? meta.sum_assistant_a_tokens : meta.sum_assistant_b_tokens;
    expect(tokensOfA).toBeGreaterThanOrEqual(300);
  });

  it("stores the request's address and user agent hashes with the vote and notes the voter's first address", async () => {
    const { battleId, voterId } = await deal();
    await recordVote({
      battleId,
      voterId,
      choice: "left",
      facts: { ipHash: "ip-1", uaHash: "ua-1", uaClass: "browser" },
    });
    expect(await db.vote.findUniqueOrThrow({ where: { battleId } })).toMatchObject({
      ipHash: "ip-1",
      uaHash: "ua-1",
      uaClass: "browser",
    });
    expect((await db.voter.findUniqueOrThrow({ where: { id: voterId } })).ipHash).toBe("ip-1");
  });

  it("no connection within the pool's wait: 503 with a clear message from the route", async () => {
    const { battleId, voterId } = await deal();
    jar.clear();
    jar.set(PLAIN_VOTER_COOKIE, signVoterId(voterId, arenaSecret()));
    // Every request connection busy for longer than ARENA_DB_POOL_WAIT_MS.
    const holders = Array.from({ length: 4 }, () => db.$queryRaw`SELECT pg_sleep(5)::text`.then(() => 0));
    await new Promise((r) => setTimeout(r, 100));
    const [res] = await Promise.all([
      voteRoute(
        new Request(`http://localhost:3000/api/battles/${battleId}/vote`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ choice: "left" }),
        }),
        { params: Promise.resolve({ id: battleId }) },
      ),
    ]);
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("2");
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/busy/);
    await Promise.all(holders);
    // Nothing half-done: the battle is still there to vote on.
    expect(await db.vote.count()).toBe(0);
    expect((await recordVote({ battleId, voterId, choice: "left" })).status).toBe("ok");
  });
});
