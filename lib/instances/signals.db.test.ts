import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { isStreamRunning, streamKey } from "@/lib/db/live-streams";
import { newVoterId } from "@/lib/testing/fixtures";
import { createSignalBus, type Signal, type SignalBus } from "./signals";

// Two app instances in one test process: each has its own bus and Postgres session.
const DATABASE_URL = process.env.DATABASE_URL as string;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const open: SignalBus[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

function instance(redisUrl?: string) {
  const received: Signal[] = [];
  let resyncs = 0;
  const bus = createSignalBus({
    databaseUrl: DATABASE_URL,
    redisUrl,
    onSignal: (s) => received.push(s),
    onResync: () => {
      resyncs += 1;
    },
  });
  open.push(bus);
  return { bus, received, resyncs: () => resyncs };
}

async function until(check: () => boolean, ms = 2_000): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

const running = async (battleId: string, voterId: string) =>
  isStreamRunning({ battleId, screen: "left", voterId });

async function battleOf(voterId: string): Promise<string> {
  await db.voter.upsert({ where: { id: voterId }, create: { id: voterId }, update: {} });
  const [a, b] = await Promise.all(
    ["sig-a", "sig-b"].map((slug) =>
      db.model.upsert({
        where: { slug },
        create: { slug, displayName: slug, providerKind: "corpus", providerConfig: {} },
        update: {},
      }),
    ),
  );
  const battle = await db.battle.create({
    data: {
      mode: "named",
      modelAId: a.id,
      modelBId: b.id,
      shownLeft: "a",
      samplerName: "test",
      samplerVersion: "1",
      pairProbability: 1,
      voterId,
    },
  });
  return battle.id;
}

describe.each([
  ["Postgres LISTEN/NOTIFY", undefined],
  ["Redis pub/sub", REDIS_URL],
])("signals between instances through %s", (_name, redisUrl) => {
  it("reach every other instance within a second, and not the sender", async () => {
    const a = instance(redisUrl);
    const b = instance(redisUrl);
    expect(await a.bus.waitConnected()).toBe(true);
    expect(await b.bus.waitConnected()).toBe(true);
    await b.bus.publish({ type: "snapshot" });
    expect(await until(() => a.received.length === 1)).toBeLessThan(1_000);
    const stop: Signal = {
      type: "stop",
      battleId: "00000000-0000-4000-8000-000000000001",
      side: "left",
      voterId: "00000000-0000-4000-8000-000000000002",
    };
    await a.bus.publish(stop);
    await until(() => b.received.length === 1);
    expect(b.received).toEqual([stop]);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.received).toEqual([{ type: "snapshot" }]);
  });
});

describe("stream locks on the instance session", () => {
  it("show a stream as running on every instance until it is released or its instance dies", async () => {
    const voterId = newVoterId();
    const battleId = await battleOf(voterId);
    const a = instance();
    await a.bus.waitConnected();
    const key = streamKey(battleId, "left");
    await a.bus.session.hold(key);
    expect(await running(battleId, voterId)).toBe(true);
    expect(await running(battleId, newVoterId())).toBe(false); // someone else's battle
    await a.bus.session.release(key);
    expect(await running(battleId, voterId)).toBe(false);
    await a.bus.session.hold(key);
    await a.bus.close(); // the process died: its connection, and so its locks, are gone
    expect(await running(battleId, voterId)).toBe(false);
  });

  it("reconnects by itself, takes its locks again and asks for a resync", async () => {
    const voterId = newVoterId();
    const battleId = await battleOf(voterId);
    const a = instance();
    await a.bus.waitConnected();
    await a.bus.session.hold(streamKey(battleId, "left"));
    await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'arena-instance' AND datname = current_database()`;
    await until(() => a.resyncs() === 1, 5_000);
    expect(await running(battleId, voterId)).toBe(true);
    const b = instance();
    await b.bus.waitConnected();
    await b.bus.publish({ type: "snapshot" });
    await until(() => a.received.length === 1);
  });
});
