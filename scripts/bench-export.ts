/**
 * npm run bench:export [-- --votes=1000000 --formats=fastchat,arena140k --include-excluded --reseed
 *                         --batch-size=150 --url=http://127.0.0.1:3000 --server-pid=N --count-rows]
 *
 * Seeds N votes (battles, 3 messages each, votes) into a scratch database with
 * `INSERT … SELECT generate_series` (arena_export_bench, or BENCH_DATABASE_URL; reused when
 * it already holds N votes), then streams each format through the same library
 * function the route uses, in this process, and prints rows/s, MB/s, peak RSS and the
 * CPU time per vote of Node and of the Postgres backend (on a shared machine the
 * wall-clock rate mostly measures the neighbours; 1e6 / max(node, pg µs) is the rate
 * with a core each). With --url it downloads through a running server instead (RSS
 * and CPU of --server-pid from /proc), with curl into /dev/null when curl is installed,
 * so that the client takes as little of the shared cores as a remote researcher's
 * would (--count-rows: a node:http client that counts the rows, and costs ~7 µs a
 * vote). Prints figures; asserts nothing.
 */
import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import pg from "pg";
import { backfillConvMetadata } from "@/lib/db/conv-metadata-backfill";
import { ensureDatabase, migrate } from "@/lib/db/migrate";
import type { ExportFormatId } from "@/lib/export/types";
import { BACKFILL_VOTE_AGGREGATES_SQL } from "./bench-aggregates";
import { benchDatabaseUrl } from "./database-url";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const N = Number(arg("votes") ?? 1_000_000);
const formats = (arg("formats") ?? "fastchat").split(",") as ExportFormatId[];
const reseed = process.argv.includes("--reseed");
const includeExcluded = process.argv.includes("--include-excluded");
const baseUrl = arg("url");
const serverPid = arg("server-pid");
const countRows = process.argv.includes("--count-rows");
const batchSize = arg("batch-size"); // in-process only: the route uses the default
const DB_URL = await benchDatabaseUrl("arena_export_bench");

// ~150-character prompts and ~1 KB markdown answers: the size of a typical arena turn.
const ANSWER = `## Answer

Here is a structured reply with **key points** and a short list:

- The first point explains the idea in plain words, with enough detail to matter.
- The second point adds an example, because examples make answers easier to judge.
- The third point notes a caveat that careful readers will appreciate.

1. Start with the simplest approach.
2. Measure before optimising anything.

\`\`\`python
def answer(x):
    return x * 2  # code blocks do not count as markdown
\`\`\`

In summary, the approach works well in practice; __test it__ on your own data first. `.repeat(2);

async function seed(client: pg.Client): Promise<void> {
  const started = performance.now();
  await client.query(
    "TRUNCATE votes, vote_aggregates, messages, battles, voters, corpus_responses, corpus_prompts, corpora, models, leaderboard_snapshots CASCADE",
  );
  await client.query(`INSERT INTO models (slug, display_name, provider_kind)
    SELECT 'bench-model-' || lpad(i::text, 2, '0'), 'Bench model ' || i, 'corpus' FROM generate_series(0, 19) i`);
  await client.query(
    "INSERT INTO voters (id, quarantined) SELECT gen_random_uuid(), i % 200 = 0 FROM generate_series(1, $1) i",
    [Math.max(1, Math.floor(N / 50))],
  );
  // Pair offsets 1..19 never draw a model against itself; every 20th battle is named,
  // every 5th is tagged code, every 50th has an identity leak.
  await client.query(
    `WITH m AS (SELECT array_agg(id ORDER BY slug) AS ids FROM models),
          v AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM voters)
     INSERT INTO battles (mode, status, model_a_id, model_b_id, shown_left, sampler_name, sampler_version,
                          pair_probability, voter_id, category_tags, leak_flags, created_at)
     SELECT (CASE WHEN i % 20 = 0 THEN 'named' ELSE 'corpus' END)::"BattleMode", 'voted',
            m.ids[1 + i % 20], m.ids[1 + (i + 1 + (i / 20) % 19) % 20],
            (CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END)::"Side", 'bench', '1', 1.0 / 190, v.ids[1 + i % v.n],
            CASE WHEN i % 5 = 0 THEN ARRAY['code', 'corpus:bench', 'lang:en'] ELSE ARRAY['corpus:bench', 'lang:en'] END,
            CASE WHEN i % 50 = 7 THEN '[{"side":"a","term":"GPT"}]'::jsonb ELSE '[]'::jsonb END,
            timestamptz '2026-01-01' + i * interval '1 second'
     FROM generate_series(0, $1 - 1) i, m, v`,
    [N],
  );
  await client.query(
    `INSERT INTO messages (battle_id, side, turn, role, content, tokens, created_at)
     SELECT b.id, s.side, 0, CASE WHEN s.side IS NULL THEN 'user' ELSE 'assistant' END,
            CASE WHEN s.side IS NULL
              THEN 'Question ' || left(b.id::text, 8) || ': explain, with an example, how you would approach this problem and what trade-offs matter most here?'
              ELSE 'Reply ' || s.side || ' to ' || left(b.id::text, 8) || E'\\n\\n' || $1 END,
            CASE WHEN s.side IS NULL THEN NULL ELSE 240 END, b.created_at
     FROM battles b CROSS JOIN (VALUES (NULL::"Side"), ('a'::"Side"), ('b'::"Side")) AS s(side)`,
    [ANSWER],
  );
  // One trigger call per vote made seeding 1M votes take ~15 min; the migration's
  // backfill below does the same work once.
  await client.query("ALTER TABLE votes DISABLE TRIGGER votes_aggregate");
  await client.query(
    `INSERT INTO votes (battle_id, voter_id, outcome, counts_for_public, exclusion_reason, created_at)
     SELECT b.id, b.voter_id, (ARRAY['a', 'b', 'tie', 'both_bad'])[1 + abs(hashtext(b.id::text)) % 4]::"Outcome",
            r.reason IS NULL, r.reason, b.created_at + interval '20 seconds'
     FROM battles b JOIN voters v ON v.id = b.voter_id
     CROSS JOIN LATERAL (SELECT CASE WHEN b.mode = 'named' THEN 'named battle (models chosen by the voter)'
                                     WHEN jsonb_array_length(b.leak_flags) > 0 THEN 'a model''s identity was revealed in the battle'
                                     WHEN v.quarantined THEN 'voter quarantined' END AS reason) r`,
  );
  await client.query("ALTER TABLE votes ENABLE TRIGGER votes_aggregate");
  await client.query(BACKFILL_VOTE_AGGREGATES_SQL);
  // What recordVote stores with every vote; the SQL above could not compute it.
  const filled = await backfillConvMetadata(client, { batchSize: 5000 });
  // The backfill's updates moved every vote to a new place in the heap; a live arena
  // writes votes (with their metadata) in time order, which is the order a dump reads.
  await client.query("CLUSTER votes USING votes_created_at_idx");
  await client.query("VACUUM ANALYZE battles, messages, votes, voters, models, vote_aggregates");
  console.log(`conv_metadata filled in for ${filled} votes`);
  console.log(`seeded ${N} votes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Peak resident set size seen while `fn` runs, sampled every 20 ms (MB). */
async function withPeakRss<T>(fn: () => Promise<T>, pid?: string): Promise<{ value: T; peakMb: number }> {
  const { readFileSync } = await import("node:fs");
  const rss = () => {
    if (!pid) return process.memoryUsage().rss;
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  };
  let peak = rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, rss());
  }, 20);
  try {
    const value = await fn();
    peak = Math.max(peak, rss());
    return { value, peakMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

/** CPU seconds (user + system) of a process, from /proc (Linux). */
async function cpuSeconds(pid: number | string): Promise<number> {
  const { readFileSync } = await import("node:fs");
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0; // the process has ended
  }
}

/**
 * CPU seconds used by the export's Postgres backend (found by application_name),
 * sampled until `done` resolves: the machine may be shared, so wall-clock rows/s
 * alone would mostly measure the neighbours.
 */
async function watchBackendCpu(done: Promise<unknown>): Promise<number> {
  const watcher = new pg.Client({ connectionString: DB_URL });
  await watcher.connect();
  let last = 0;
  let finished = false;
  done.finally(() => {
    finished = true;
  });
  while (!finished) {
    const { rows } = await watcher.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = 'arena-export'",
    );
    for (const r of rows) last = Math.max(last, await cpuSeconds(r.pid));
    await new Promise((r) => setTimeout(r, 100));
  }
  await watcher.end();
  return last;
}

async function drain(body: ReadableStream<Uint8Array>): Promise<{ bytes: number; lines: number }> {
  let bytes = 0;
  let lines = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    // Buffer's indexOf is native; Uint8Array's cost ~1.5 µs a vote, which the in-process
    // figures would charge to the export.
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++;
  }
  return { bytes, lines };
}

// node:http rather than fetch: the client shares the machine's cores with the server
// and Postgres, and fetch's web streams cost it about twice the CPU per megabyte.
// Even so it costs ~7 µs a vote (as much as Postgres), so by default the download is
// curl's, into /dev/null (~0.6 µs a vote), and rows are not counted; --count-rows uses
// this client instead and counts them, as it does for DPO and KTO (not a row a vote).
function download(url: string, format: ExportFormatId): Promise<{ bytes: number; lines: number | null }> {
  if (!countRows && format !== "dpo" && format !== "kto" && hasCurl()) return curlDownload(url);
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        if (res.statusCode !== 200) {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => {
            text += c;
          });
          res.on("end", () => reject(new Error(`HTTP ${res.statusCode}: ${text}`)));
          return;
        }
        let bytes = 0;
        let lines = 0;
        res.on("data", (b: Buffer) => {
          bytes += b.length;
          for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++;
        });
        res.on("end", () => resolve({ bytes, lines }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

function hasCurl(): boolean {
  return spawnSync("curl", ["--version"]).status === 0;
}

function curlDownload(url: string): Promise<{ bytes: number; lines: null }> {
  return new Promise((resolve, reject) => {
    const curl = spawn("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", url]);
    let out = "";
    curl.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    curl.stderr.pipe(process.stderr);
    curl.on("error", reject);
    curl.on("close", (code) => {
      const [status, bytes] = out.split(" ").map(Number);
      if (code !== 0 || status !== 200) reject(new Error(`curl exited ${code}, HTTP ${status}`));
      else resolve({ bytes, lines: null });
    });
  });
}

async function main(): Promise<void> {
  await ensureDatabase(DB_URL);
  await migrate(DB_URL);
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  const [{ n }] = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM votes")).rows;
  if (reseed || n !== N) await seed(client);
  else console.log(`reusing ${n} votes in ${DB_URL}`);
  const [{ counted }] = (
    await client.query<{ counted: number }>(
      "SELECT count(*)::int AS counted FROM votes WHERE counts_for_public",
    )
  ).rows;
  await client.end();

  process.env.DATABASE_URL = DB_URL;
  process.env.ARENA_SECRET ??= "bench-secret-not-for-production";
  const { streamVotesForExport } = await import("@/lib/db/export");
  const { exportStream } = await import("@/lib/export/stream");
  const { FORMATS } = await import("@/lib/export/formats");
  const { DEFAULT_FILTERS } = await import("@/lib/export/types");

  const exported = includeExcluded ? N : counted;
  console.log(
    `${counted} of ${N} votes count for the public leaderboard; exporting ${exported}${includeExcluded ? " (include_excluded)" : ""}`,
  );
  console.log(
    "format        votes       rows      MB      s   votes/s    rows/s   MB/s  peak RSS MB  node µs/vote  pg µs/vote  via",
  );
  for (const format of formats) {
    const started = performance.now();
    const cpu0 = serverPid ? await cpuSeconds(serverPid) : process.cpuUsage();
    const run = withPeakRss(async () => {
      if (baseUrl) {
        return download(
          `${baseUrl}/api/export/votes?format=${format}${includeExcluded ? "&include_excluded=true" : ""}`,
          format,
        );
      }
      const filters = { ...DEFAULT_FILTERS, includeExcluded };
      const it = streamVotesForExport({
        filters,
        salt: process.env.ARENA_SECRET!,
        convMetadata: FORMATS[format].readsConvMetadata,
        sessions: FORMATS[format].readsSessions,
        dedup: FORMATS[format].readsDedup,
        batchSize: batchSize ? Number(batchSize) : undefined,
      });
      return drain(exportStream(it, FORMATS[format], { includeExcluded }));
    }, serverPid);
    const [{ value, peakMb }, pgCpu] = await Promise.all([run, watchBackendCpu(run)]);
    const s = (performance.now() - started) / 1000;
    const nodeCpu =
      typeof cpu0 === "number"
        ? (await cpuSeconds(serverPid!)) - cpu0
        : (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6;
    // CSV fields may hold newlines, so only JSONL rows can be counted by line here;
    // curl's downloads are not counted (fastchat, arena140k and kaggle55k give a row a vote).
    const rows = format === "kaggle55k" || value.lines === null ? exported : value.lines;
    const mb = value.bytes / 1e6;
    const cells = [
      format.padEnd(10),
      String(exported).padStart(9),
      String(rows).padStart(10),
      mb.toFixed(0).padStart(7),
      s.toFixed(1).padStart(6),
      (exported / s).toFixed(0).padStart(9),
      (rows / s).toFixed(0).padStart(9),
      (mb / s).toFixed(0).padStart(6),
      peakMb.toFixed(0).padStart(12),
      ((nodeCpu / exported) * 1e6).toFixed(1).padStart(13),
      ((pgCpu / exported) * 1e6).toFixed(1).padStart(11),
      baseUrl
        ? ` HTTP (server pid ${serverPid ?? "?"}, ${value.lines === null ? "curl, rows not counted" : "node:http"})`
        : " in-process",
    ];
    console.log(cells.join(" "));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
