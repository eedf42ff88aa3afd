import "server-only";
import pg from "pg";

// One dedicated Postgres connection per app instance, outside the query pool. It holds
// what only a *session* can hold: LISTEN for cross-instance signals, and an advisory lock
// per running live stream, so any instance can tell from pg_locks whether a stream is
// alive somewhere — and a crashed instance's locks vanish with its connection. It
// reconnects by itself (backoff up to 5 s) and then re-takes its locks; `onReconnect`
// lets the owner resynchronise whatever it may have missed while disconnected.
// Needs a direct (session-mode) connection: a transaction-mode pooler such as PgBouncer
// drops both LISTEN and session locks.

/** First key of every stream lock (pg_locks.classid); the second is hashtext(key). */
export const STREAM_LOCK_NS = 1_095_910_734;

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

export interface SessionOptions {
  url: string;
  /** Channels to LISTEN on (empty when signals go through Redis). */
  channels: string[];
  onNotify: (channel: string, payload: string) => void;
  /** Called after every successful (re)connection but the first. */
  onReconnect: () => void;
}

export class InstanceSession {
  private client: pg.Client | null = null;
  private readonly held = new Map<string, number>();
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private timer: NodeJS.Timeout | null = null;
  private connections = 0;
  private ready: Promise<void>;
  /** pg 9 refuses overlapping queries on one client: lock and unlock calls take turns. */
  private queue: Promise<unknown> = Promise.resolve();
  private markReady: () => void = () => {};

  constructor(private readonly opts: SessionOptions) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    void this.connect();
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** Resolves once connected (or after `ms`), e.g. so a test's first signal is not missed. */
  async waitConnected(ms = 5_000): Promise<boolean> {
    await Promise.race([this.ready, new Promise((r) => setTimeout(r, ms).unref())]);
    return this.connected;
  }

  private async connect(): Promise<void> {
    this.timer = null;
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.opts.url,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      application_name: "arena-instance",
    });
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    client.on("notification", (n) => this.opts.onNotify(n.channel, n.payload ?? ""));
    try {
      await client.connect();
      for (const channel of this.opts.channels) await client.query(`LISTEN ${channel}`);
      for (const key of this.held.keys()) await lock(client, key);
    } catch {
      client.end().catch(() => {});
      this.retry();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
    this.connections += 1;
    this.markReady();
    if (this.connections > 1) this.opts.onReconnect();
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => {});
    this.retry();
  }

  private retry(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  /** Marks `key` as running on this instance (reentrant: hold twice, release twice). */
  async hold(key: string): Promise<void> {
    const n = this.held.get(key) ?? 0;
    this.held.set(key, n + 1);
    if (n === 0) await this.serial((client) => lock(client, key));
  }

  async release(key: string): Promise<void> {
    const n = this.held.get(key) ?? 0;
    if (n > 1) {
      this.held.set(key, n - 1);
      return;
    }
    this.held.delete(key);
    if (n === 1) {
      await this.serial((client) =>
        client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [STREAM_LOCK_NS, key]),
      );
    }
  }

  /** Runs `fn` on the connected client after the queries before it; errors are swallowed (a lost connection re-takes its locks on reconnect). */
  private serial(fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
    const run = this.queue
      .then(() => (this.client ? fn(this.client) : undefined))
      .then(
        () => {},
        () => {},
      );
    this.queue = run;
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}

async function lock(client: pg.Client, key: string): Promise<void> {
  await client.query("SELECT pg_try_advisory_lock($1, hashtext($2))", [STREAM_LOCK_NS, key]);
}

/** A small pool for NOTIFY, apart from the session: a signal must not wait behind a reconnect, and fails fast when the database is down. */
export function createNotifier(url: string): {
  notify: (channel: string, payload: string) => Promise<void>;
  end: () => Promise<void>;
} {
  let pool: pg.Pool | null = null;
  return {
    notify: async (channel, payload) => {
      if (!pool) {
        pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3_000 });
        pool.on("error", () => {});
      }
      await pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    end: async () => {
      await pool?.end().catch(() => {});
    },
  };
}
