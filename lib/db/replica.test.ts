// The read replica against a real streaming standby (lib/testing/replica-cluster.ts): a
// throwaway primary and a pg_basebackup copy of it replaying its WAL. Pausing the
// standby's replay leaves rows on the primary only, which shows where each read went.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_FILTERS } from "@/lib/export/types";
import { startReplicaCluster } from "@/lib/testing/replica-cluster";
import { migrate } from "./migrate";

const cluster = await startReplicaCluster().catch((error: Error) => {
  console.warn(`read-replica tests skipped: no streaming replica could be made here (${error.message})`);
  return null;
});

// The app's modules read DATABASE_URL / DATABASE_REPLICA_URL once: set before importing them.
async function load() {
  if (!cluster) throw new Error("no cluster");
  process.env.DATABASE_URL = cluster.primaryUrl;
  process.env.DATABASE_REPLICA_URL = cluster.replicaUrl;
  await migrate(cluster.primaryUrl);
  return {
    ...(await import("./client")),
    ...(await import("./replica")),
    ...(await import("./leaderboard")),
    ...(await import("./models-public")),
    ...(await import("./export-stats")),
    ...(await import("./export")),
    ...(await import("./votes")),
    ...(await import("@/lib/battles/deal-corpus")),
    ...(await import("@/lib/leaderboard/recompute")),
    ...(await import("@/lib/instances/instance")),
    ...(await import("@/lib/instances/signals")),
    ...(await import("@/lib/instances/readiness")),
    ...(await import("@/lib/export/stats")),
    ...(await import("@/lib/testing/fixtures")),
  };
}

describe.skipIf(!cluster)("read replica (a real streaming standby)", () => {
  let m: Awaited<ReturnType<typeof load>>;
  const standby = new pg.Client({ connectionString: cluster?.replicaUrl });
  const primary = new pg.Client({ connectionString: cluster?.primaryUrl });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // The last case stops the standby under this connection.
  standby.on("error", () => {});

  async function caughtUp(): Promise<void> {
    const { rows } = await primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
    for (const end = Date.now() + 20_000; Date.now() < end; await sleep(50)) {
      const r = await standby.query<{ ok: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [
        rows[0].lsn,
      ]);
      if (r.rows[0].ok) return;
    }
    throw new Error("the standby did not catch up within 20 s");
  }
  const pause = () => standby.query("SELECT pg_wal_replay_pause()");
  const resume = () => standby.query("SELECT pg_wal_replay_resume()");
  const voteMany = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const voterId = m.newVoterId();
      const battle = await m.dealCorpusBattle({ voterId });
      await m.recordVote({ battleId: battle!.id, voterId, choice: i % 3 === 0 ? "right" : "left" });
    }
  };
  const dumped = async () => {
    let n = 0;
    for await (const batch of m.streamVotesForExport({ filters: DEFAULT_FILTERS, salt: "test-salt" }))
      n += batch.length;
    return n;
  };

  beforeAll(async () => {
    m = await load();
    await standby.connect();
    await primary.connect();
    await m.seedSmallCorpus({ models: 3 });
    await caughtUp();
  });

  afterAll(async () => {
    await standby.end().catch(() => {});
    await primary.end().catch(() => {});
    await m?.closeInstanceBus();
    await m?.resetReplica();
    await m?.db.$disconnect();
    await cluster?.stop();
  });

  it("reads the public views from the replica and writes to the primary", async () => {
    const [where] = await m.onReadReplica(
      (c) => c.$queryRaw<{ standby: boolean }[]>`SELECT pg_is_in_recovery() AS standby`,
    );
    expect(where.standby).toBe(true);
    expect((await m.listModelInfo()).map((x) => x.slug)).toEqual(["model-0", "model-1", "model-2"]);

    await pause();
    await m.db.model.create({
      data: { slug: "only-on-primary", displayName: "New", providerKind: "corpus" },
    });
    expect((await m.listModelInfo()).map((x) => x.slug)).not.toContain("only-on-primary");
    expect(await m.getModelInfo({ slug: "only-on-primary" })).toBeNull();
    expect(await m.db.model.findUnique({ where: { slug: "only-on-primary" } })).not.toBeNull();
    await resume();
    await caughtUp();
    expect((await m.getModelInfo({ slug: "only-on-primary" }))?.displayName).toBe("New");
  });

  it("reports the lag: 0 on an idle primary, the time since the last replayed write when behind", async () => {
    await caughtUp();
    // Nothing written for a while: the last replayed transaction is old, yet nothing is missing.
    await sleep(1_500);
    expect(await m.replicaLag()).toEqual({ reachable: true, lagS: 0 });
    expect(await m.checkReadiness()).toMatchObject({ status: "ready", checks: { replica: "0 s behind" } });

    await pause();
    await m.db.model.update({ where: { slug: "only-on-primary" }, data: { displayName: "Renamed" } });
    const lag = await m.replicaLag();
    expect(lag?.reachable).toBe(true);
    expect(lag?.lagS).toBeGreaterThanOrEqual(1.4);
    expect(m.replicaHeaders(lag)["X-Replica-Lag-S"]).toBe(String(lag?.lagS));
    await resume();
    await caughtUp();
    expect(await m.replicaLag()).toEqual({ reachable: true, lagS: 0 });
  });

  it("counts /data and streams dumps from the replica", async () => {
    await voteMany(6);
    await caughtUp();
    const before = m.summarize(await m.getExportStats({ filters: DEFAULT_FILTERS }), true).total;
    expect(before).toBe(6);
    expect(await dumped()).toBe(6);

    await pause();
    await voteMany(2);
    expect(m.summarize(await m.getExportStats({ filters: DEFAULT_FILTERS }), true).total).toBe(6);
    expect(await dumped()).toBe(6);
    await resume();
    await caughtUp();
    expect(m.summarize(await m.getExportStats({ filters: DEFAULT_FILTERS }), true).total).toBe(8);
    expect(await dumped()).toBe(8);
  });

  it("reads a snapshot the recompute announced from the primary until the replica has replayed it", async () => {
    const newest = async () =>
      (
        await primary.query<{ id: string }>(
          "SELECT id::text FROM leaderboard_snapshots WHERE category = 'overall' AND kind = 'plain' ORDER BY created_at DESC LIMIT 1",
        )
      ).rows[0].id;
    expect((await m.recomputeLeaderboards({ ci: "none", rounds: 0, seed: 0 })).status).toBe("ok");
    await caughtUp();
    const first = await newest();
    expect(String((await m.getLatestSnapshot({ category: "overall", kind: "plain" }))?.id)).toBe(first);

    await pause();
    await voteMany(3);
    expect((await m.recomputeLeaderboards({ ci: "none", rounds: 0, seed: 0 })).status).toBe("ok");
    const second = await newest();
    expect(second).not.toBe(first);
    const onStandby = await standby.query("SELECT 1 FROM leaderboard_snapshots WHERE id::text = $1", [
      second,
    ]);
    expect(onStandby.rowCount).toBe(0);
    // The replica has not replayed it: the board still shows the new snapshot, from the primary.
    expect(String((await m.getLatestSnapshot({ category: "overall", kind: "plain" }))?.id)).toBe(second);
    await resume();
    await caughtUp();

    // Once replayed, snapshots come from the replica again: one written behind its back
    // (no announcement) is not seen while replay is paused.
    await pause();
    await primary.query(
      `INSERT INTO leaderboard_snapshots (category, kind, params, vote_set_hash, code_version, num_votes, result)
       SELECT category, kind, params, 'unannounced', code_version, num_votes, result FROM leaderboard_snapshots
       WHERE id::text = $1`,
      [second],
    );
    expect(String((await m.getLatestSnapshot({ category: "overall", kind: "plain" }))?.id)).toBe(second);

    // Another instance's recompute: its signal carries the primary's WAL position, and this
    // instance reads snapshots from the primary until the replica is there.
    const other = m.createSignalBus({
      databaseUrl: cluster!.primaryUrl,
      onSignal: () => {},
      onResync: () => {},
    });
    await m.instanceBus().waitConnected();
    const { rows } = await primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
    await other.publish({ type: "snapshot", lsn: rows[0].lsn });
    const third = await newest();
    let seen = "";
    for (const end = Date.now() + 5_000; Date.now() < end && seen !== third; await sleep(50))
      seen = String((await m.getLatestSnapshot({ category: "overall", kind: "plain" }))?.id);
    expect(seen).toBe(third);
    await other.close();

    // A process that just started (no announcement heard) reads its first snapshot where the
    // primary is now: it never shows an older board than the instances that heard one.
    await primary.query(
      `INSERT INTO leaderboard_snapshots (category, kind, params, vote_set_hash, code_version, num_votes, result)
       SELECT category, kind, params, 'unheard', code_version, num_votes, result FROM leaderboard_snapshots
       WHERE id::text = $1`,
      [second],
    );
    await m.resetReplica();
    expect(String((await m.getLatestSnapshot({ category: "overall", kind: "plain" }))?.id)).toBe(
      await newest(),
    );
    await resume();
    await caughtUp();
  });

  it("falls back to the primary while the replica is down, and goes back to it once it answers", async () => {
    await cluster?.stopReplica();
    await m.db.model.create({
      data: { slug: "while-down", displayName: "While down", providerKind: "corpus" },
    });
    expect((await m.listModelInfo()).map((x) => x.slug)).toContain("while-down");
    expect(await m.getModelInfo({ slug: "while-down" })).not.toBeNull();
    expect(m.summarize(await m.getExportStats({ filters: DEFAULT_FILTERS }), true).total).toBe(11);
    expect(await dumped()).toBe(11);
    expect(await m.getLatestSnapshot({ category: "overall", kind: "plain" })).not.toBeNull();
    const lag = await m.replicaLag();
    expect(lag).toEqual({ reachable: false, lagS: null });
    expect((await m.checkReadiness()).checks.replica).toBe("unreachable (reads go to the primary)");
    expect(m.replicaHeaders(lag)).toEqual({ "X-Replica-Lag-S": "unreachable" });

    await cluster?.startReplica();
    await standby.end().catch(() => {});
    await sleep(1_100); // the test build's DOWN_MS
    const [where] = await m.onReadReplica(
      (c) => c.$queryRaw<{ standby: boolean }[]>`SELECT pg_is_in_recovery() AS standby`,
    );
    expect(where.standby).toBe(true);
    expect((await m.replicaLag())?.reachable).toBe(true);
  });
});
