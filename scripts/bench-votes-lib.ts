// Pieces of scripts/bench-votes.ts: the synthetic corpus, calling the page's server
// action over HTTP, and CPU time from /proc.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import pg from "pg";
import { Client } from "undici";

/** `prompts` prompts × `models` models of ~400-character answers, straight in SQL (seconds, not minutes). */
export async function seedCorpus(url: string, { prompts, models }: { prompts: number; models: number }) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO models (slug, display_name, provider_kind)
       SELECT 'bench-model-' || lpad(i::text, 2, '0'), 'Bench model ' || i, 'corpus' FROM generate_series(0, $1::int - 1) i`,
      [models],
    );
    await c.query(`INSERT INTO corpora (name, license) VALUES ('bench', 'CC0-1.0')`);
    await c.query(
      `INSERT INTO corpus_prompts (corpus_id, external_id, text, category, language)
       SELECT (SELECT id FROM corpora), 'p' || i, 'Prompt ' || i || ': ' || repeat('say something useful ', 4),
              CASE WHEN i % 5 = 0 THEN 'code' ELSE 'writing' END, 'en'
       FROM generate_series(1, $1::int) i`,
      [prompts],
    );
    await c.query(
      `INSERT INTO corpus_responses (prompt_id, model_id, content, tokens)
       SELECT p.id, m.id, m.slug || ' answers ' || p.external_id || ': ' || repeat('a fairly ordinary answer ', 16), 100
       FROM corpus_prompts p CROSS JOIN models m`,
    );
    await c.query("ANALYZE");
  } finally {
    await c.end();
  }
}

/** The id Next gave a server action at build time (what the browser sends as Next-Action). */
export function serverActionId(root: string, exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName?: string }> };
  const found = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName);
  if (!found) throw new Error(`no server action named ${exportedName} in the build`);
  return found[0];
}

/**
 * A virtual voter's own keep-alive connection, one request at a time, as a browser tab
 * keeps one. undici's Client, not fetch or node:http: the load generator shares the
 * machine's two cores with the server and Postgres, and fetch cost about twice, node:http
 * about 1.5 times the CPU per request (client_cpu_ms_per_pair in the bench's output).
 */
export class VoterConnection {
  private readonly client: Client;

  constructor(origin: string) {
    this.client = new Client(origin, { pipelining: 1 });
  }

  /** POSTs `body`; the status and the (decompressed) text. Asks for gzip as browsers do. */
  async post(
    path: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    const res = await this.client.request({
      path,
      method: "POST",
      headers: { "accept-encoding": "gzip", ...headers },
      body,
    });
    const raw = Buffer.from(await res.body.arrayBuffer());
    const text = (res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
    return { status: res.statusCode, text };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

const TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process (its threads included), in seconds. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/**
 * utime + stime of a process's main thread only: the event loop that serves requests,
 * without the ratings worker's recomputes, GC helpers or the libuv pool.
 */
export function mainThreadCpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuSeconds(file: string): number {
  const stat = readFileSync(file, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/**
 * CPU seconds of the Postgres backends serving `database` (by their process titles);
 * the server's shared background processes (WAL writer, checkpointer) are left out, as
 * other databases on this machine share them.
 */
export function postgresCpuSeconds(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!cmd.startsWith("postgres:") || !cmd.includes(` ${database} `)) continue;
      out.set(Number(entry), cpuSeconds(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Backend CPU spent between two readings (backends that started later count from 0). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, s] of after) sum += s - (before.get(pid) ?? 0);
  return sum;
}

export const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)].toFixed(1);
};
