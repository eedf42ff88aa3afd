import "server-only";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { z } from "zod";
import { createNotifier, InstanceSession } from "@/lib/db/instance-session";

// Cross-instance signals: Postgres LISTEN/NOTIFY on the instance's own session by default,
// Redis pub/sub when REDIS_URL is set. Delivery is at most once, so every receiver treats
// a (re)connection as "I may have missed something" and resynchronises (see instance.ts).

export const Signal = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("stop"),
    battleId: z.uuid(),
    side: z.enum(["left", "right"]),
    voterId: z.uuid(),
  }),
  // lsn: the primary's WAL position once the snapshot was written (when a read replica is configured).
  z.object({
    type: z.literal("snapshot"),
    lsn: z
      .string()
      .regex(/^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i)
      .optional(),
  }),
]);
export type Signal = z.infer<typeof Signal>;

const PG_CHANNEL = "arena_signals";

interface Envelope {
  from: string;
  signal: Signal;
}

export interface SignalBusOptions {
  databaseUrl: string;
  redisUrl?: string;
  onSignal: (signal: Signal) => void;
  /** The bus was disconnected for a while: signals may have been missed. */
  onResync: () => void;
}

export interface SignalBus {
  /** This process's id (also on every signal it sends, so it ignores its own). */
  readonly instanceId: string;
  readonly session: InstanceSession;
  publish(signal: Signal): Promise<void>;
  /** Whether the bus is connected now (readiness). */
  connected(): boolean;
  waitConnected(ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createSignalBus(opts: SignalBusOptions): SignalBus {
  const instanceId = randomUUID();
  const receive = (payload: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return;
    }
    if (envelope?.from === instanceId) return;
    const parsed = Signal.safeParse(envelope?.signal);
    if (parsed.success) opts.onSignal(parsed.data);
  };
  const envelope = (signal: Signal) => JSON.stringify({ from: instanceId, signal } satisfies Envelope);

  if (opts.redisUrl) {
    // Redis channels span every database on the server: scope them by the arena's database.
    const channel = `arena:signals:${new URL(opts.databaseUrl).pathname.slice(1)}`;
    const session = new InstanceSession({
      url: opts.databaseUrl,
      channels: [],
      onNotify: () => {},
      onReconnect: () => {},
    });
    const sub = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    const pub = new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    let readies = 0;
    let resolveReady: () => void = () => {};
    const ready = new Promise<void>((r) => {
      resolveReady = r;
    });
    sub.on("message", (_channel, message) => receive(message));
    sub.on("ready", () => {
      readies += 1;
      resolveReady();
      if (readies > 1) opts.onResync();
    });
    sub.on("error", () => {});
    pub.on("error", () => {});
    void sub.subscribe(channel).catch(() => {});
    return {
      instanceId,
      session,
      publish: async (signal) => {
        await pub.publish(channel, envelope(signal));
      },
      connected: () => sub.status === "ready" && session.connected,
      waitConnected: async (ms = 5_000) => {
        await Promise.race([ready, new Promise((r) => setTimeout(r, ms).unref())]);
        return (await session.waitConnected(ms)) && sub.status === "ready";
      },
      close: async () => {
        sub.disconnect();
        pub.disconnect();
        await session.close();
      },
    };
  }

  const session = new InstanceSession({
    url: opts.databaseUrl,
    channels: [PG_CHANNEL],
    onNotify: (_channel, payload) => receive(payload),
    onReconnect: opts.onResync,
  });
  const notifier = createNotifier(opts.databaseUrl);
  return {
    instanceId,
    session,
    publish: async (signal) => {
      await notifier.notify(PG_CHANNEL, envelope(signal));
    },
    connected: () => session.connected,
    waitConnected: (ms) => session.waitConnected(ms),
    close: async () => {
      await session.close();
      await notifier.end();
    },
  };
}
