import { beforeEach, describe, expect, it, vi } from "vitest";

// Short waits so a trickle test runs in seconds; read once by lib/env.ts at first use.
vi.hoisted(() => {
  process.env.ARENA_RECOMPUTE_DEBOUNCE_MS = "500";
  process.env.ARENA_RECOMPUTE_MAX_WAIT_MS = "1500";
});

const { dealCorpusBattle } = await import("@/lib/battles/deal-corpus");
const { db } = await import("@/lib/db/client");
const { getFreshness, getRecomputeState, RECOMPUTE_LOCK_KEY } = await import(
  "@/lib/db/leaderboard-freshness"
);
const { recordVote } = await import("@/lib/db/votes");
const { resetDb } = await import("@/lib/testing/db");
const { holdLock } = await import("@/lib/testing/db-locks");
const { newVoterId, seedSmallCorpus } = await import("@/lib/testing/fixtures");
const { recomputeLeaderboards, scheduleRecompute } = await import("./recompute");

const FAST = { ci: "none" as const, rounds: 0, seed: 0 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function vote(): Promise<void> {
  const voterId = newVoterId();
  const battle = await dealCorpusBattle({ voterId });
  await recordVote({ battleId: battle!.id, voterId, choice: "left" });
}

/** Whether someone holds the recompute lock in this database (other databases' locks are others'). */
async function lockHeld(): Promise<boolean> {
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objid = ${RECOMPUTE_LOCK_KEY}::oid
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return n > 0;
}

describe("leaderboard freshness", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ models: 3 });
  });

  it("counts the votes the board misses, from the database", async () => {
    await vote();
    await vote();
    expect((await getFreshness()).votesSince).toBe(2);
    expect((await getFreshness()).updatedAt).toBeNull();
    await recomputeLeaderboards(FAST);
    const after = await getFreshness();
    expect(after.votesSince).toBe(0);
    expect(after.firstUncountedAt).toBeNull();
    expect(after.updatedAt).not.toBeNull();
    await vote();
    const later = await getFreshness();
    expect(later.votesSince).toBe(1);
    expect(later.firstUncountedAt!.getTime()).toBeGreaterThanOrEqual(after.updatedAt!.getTime() - 5);
  });

  it("recomputes within the maximum wait under a steady trickle that never leaves a quiet spell", async () => {
    await recomputeLeaderboards(FAST);
    const before = (await getRecomputeState())!.finishedAt.getTime();
    // A vote every 200 ms: the 500 ms debounce alone would never fire while this lasts.
    const firstVoteAt = Date.now();
    let refreshedAt: number | null = null;
    for (let i = 0; i < 20 && refreshedAt === null; i++) {
      await vote();
      scheduleRecompute();
      await sleep(200);
      const s = await getRecomputeState();
      if (s && s.finishedAt.getTime() > before) refreshedAt = s.finishedAt.getTime();
    }
    expect(refreshedAt).not.toBeNull();
    // Max wait 1.5 s, plus the time this machine takes to run one recompute.
    expect(refreshedAt! - firstVoteAt).toBeLessThan(3000);
    const snapshot = await db.leaderboardSnapshot.findFirstOrThrow({
      where: { category: "overall", kind: "plain" },
      orderBy: { createdAt: "desc" },
    });
    expect(snapshot.numVotes).toBeGreaterThan(0);
    await sleep(2500); // let the last armed run finish before the next test resets the tables
  });

  it("runs one recompute at a time: a second caller is told the lock is busy and writes nothing", async () => {
    await vote();
    const release = await holdLock({ advisoryKey: RECOMPUTE_LOCK_KEY });
    try {
      const busy = await recomputeLeaderboards(FAST);
      expect(busy.status).toBe("busy");
      expect(await db.leaderboardSnapshot.count()).toBe(0);
      expect(await getRecomputeState()).toBeNull();
    } finally {
      await release();
    }

    // Two at once: the first is held at its last write (a table lock here), so the
    // second surely arrives while the first holds the recompute lock.
    for (let i = 0; i < 3; i++) await vote();
    const unblock = await holdLock({ table: "leaderboard_recompute_state" });
    try {
      const first = recomputeLeaderboards(FAST);
      for (let i = 0; i < 400 && !(await lockHeld()); i++) await sleep(5);
      const second = await recomputeLeaderboards(FAST);
      expect(second.status).toBe("busy");
      await unblock();
      expect((await first).status).toBe("ok");
    } catch (error) {
      await unblock().catch(() => {});
      throw error;
    }
    expect(await lockHeld()).toBe(false);
    expect(await db.leaderboardSnapshot.count({ where: { category: "overall", kind: "plain" } })).toBe(1);
  });

  it("with ifChanged, a run over the same votes only records that the board is current", async () => {
    await vote();
    expect((await recomputeLeaderboards(FAST, { ifChanged: true })).status).toBe("ok");
    const count = await db.leaderboardSnapshot.count();
    expect((await recomputeLeaderboards(FAST, { ifChanged: true })).status).toBe("unchanged");
    expect(await db.leaderboardSnapshot.count()).toBe(count);
    await vote();
    expect((await recomputeLeaderboards(FAST, { ifChanged: true })).status).toBe("ok");
    expect(await db.leaderboardSnapshot.count()).toBeGreaterThan(count);
  });
});
