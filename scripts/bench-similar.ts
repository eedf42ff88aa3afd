/**
 * npm run bench:similar [-- --votes=1000000 --prompts=100000 --queries=60 --reseed]
 *
 * "Prompts like mine" at scale: seeds N counted votes on battles whose first prompts are P
 * distinct generated prompts (each battle draws one at random, so prompts carry ~N/P votes
 * each), into a scratch database (arena_similar_bench, or BENCH_DATABASE_URL; reused when it
 * already holds N votes), then, through the app's own code (lib/leaderboard/similar-job.ts)
 * with the index on a worker thread (the ratings worker entry, as under `next start`):
 * - builds the index from nothing: time, and this (request) thread's event-loop delay;
 * - answers queries (exact prompts, a few words, one common word, a rare word) as the page
 *   and GET /api/leaderboard/similar do: round-trip p50/p99/max, and the event-loop delay
 *   of this thread meanwhile (what other requests would wait);
 * - casts K new votes and refreshes: time, and whether it read only the new votes;
 * - checks the known answer: an exact-match query recovers that prompt's vote count;
 * and prints the process's peak RSS (both threads). With --diagnostics it also times a
 * refresh of the overall diagnostics (lib/leaderboard/diagnostics-job.ts, the report on a
 * worker thread as under `next start`) on the same votes, with this thread's event-loop delay
 * meanwhile. Prints figures; asserts only the known answer.
 */
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import { ensureDatabase, migrate } from "@/lib/db/migrate";
import { ratingsWorkerUrl } from "@/lib/ratings/io/worker-url";
import { BACKFILL_VOTE_AGGREGATES_SQL } from "./bench-aggregates";
import { benchDatabaseUrl } from "./database-url";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const N = Number(arg("votes") ?? 1_000_000);
const P = Number(arg("prompts") ?? Math.max(1, Math.round(N / 10)));
const Q = Number(arg("queries") ?? 60);
const NEW_VOTES = Number(arg("new-votes") ?? 2000);
const reseed = process.argv.includes("--reseed");
const DB_URL = await benchDatabaseUrl("arena_similar_bench");
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

const VERBS =
  "Explain Write Compare Summarise Debug Translate Design Plan Review Optimise Outline Critique".split(" ");
const WORDS = (
  "sourdough bread kubernetes python rust postgres index query cache latency budget garden tomato " +
  "violin sonata poem haiku novel chapter villain hero dragon castle physics quantum entropy galaxy " +
  "planet orbit rocket engine turbine battery solar wind carbon climate ocean reef coral whale shark " +
  "salmon river mountain glacier volcano earthquake tsunami forest desert canyon bridge tunnel railway " +
  "airport harbour market stock bond inflation interest mortgage tax invoice contract lawyer court " +
  "patent startup pitch investor marketing brand logo font colour palette website server browser " +
  "javascript typescript react compiler parser regex string array matrix vector tensor gradient " +
  "neural network dataset benchmark metric accuracy recall precision chess opening endgame sudoku " +
  "puzzle riddle joke story fable myth legend history empire revolution treaty election democracy " +
  "philosophy ethics logic proof theorem algebra geometry calculus probability statistics regression " +
  "vaccine virus bacteria protein enzyme genome cell neuron brain sleep diet protein coffee tea wine " +
  "cheese pasta curry sushi dumpling recipe oven grill knife travel itinerary visa passport hotel"
).split(" ");

async function seed(client: pg.Client): Promise<void> {
  const started = performance.now();
  await client.query(
    "TRUNCATE votes, vote_aggregates, messages, battles, voters, corpus_responses, corpus_prompts, corpora, models, leaderboard_snapshots CASCADE",
  );
  await client.query(`INSERT INTO models (slug, display_name, provider_kind)
    SELECT 'bench-model-' || lpad(i::text, 2, '0'), 'Bench model ' || i, 'corpus' FROM generate_series(0, 19) i`);
  await client.query("INSERT INTO voters (id) SELECT gen_random_uuid() FROM generate_series(1, $1)", [
    Math.max(1, Math.floor(N / 50)),
  ]);
  await client.query(
    `WITH m AS (SELECT array_agg(id ORDER BY slug) AS ids FROM models),
          v AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM voters)
     INSERT INTO battles (mode, status, model_a_id, model_b_id, shown_left, sampler_name, sampler_version,
                          pair_probability, voter_id, created_at)
     SELECT 'corpus', 'voted', m.ids[1 + i % 20], m.ids[1 + (i + 1 + (i / 20) % 19) % 20],
            (CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END)::"Side", 'bench', '1', 1.0 / 190, v.ids[1 + i % v.n],
            timestamptz '2026-01-01' + i * interval '1 second'
     FROM generate_series(0, $1 - 1) i, m, v`,
    [N],
  );
  // Prompt p: a verb and three topic words drawn from p, plus its number (so the P prompts
  // are distinct); battle i asks prompt hash(i) mod P.
  await client.query(
    `INSERT INTO messages (battle_id, side, turn, role, content, created_at)
     SELECT b.id, NULL, 0, 'user',
            ($1::text[])[1 + p % cardinality($1::text[])] || ' ' ||
            ($2::text[])[1 + abs(hashtext(p || 'x')) % cardinality($2::text[])] || ' and ' ||
            ($2::text[])[1 + abs(hashtext(p || 'y')) % cardinality($2::text[])] || ' for a ' ||
            ($2::text[])[1 + abs(hashtext(p || 'z')) % cardinality($2::text[])] || ' project, case ' || p || '.',
            b.created_at
     FROM battles b CROSS JOIN LATERAL (SELECT abs(hashtext(b.id::text)) % $3 AS p) q`,
    [VERBS, WORDS, P],
  );
  await client.query("ALTER TABLE votes DISABLE TRIGGER votes_aggregate");
  await client.query(
    `INSERT INTO votes (battle_id, voter_id, outcome, counts_for_public, created_at)
     SELECT b.id, b.voter_id, (ARRAY['a', 'b', 'tie', 'both_bad'])[1 + abs(hashtext(b.id::text || 'o')) % 4]::"Outcome",
            true, b.created_at + interval '20 seconds'
     FROM battles b`,
  );
  await client.query("ALTER TABLE votes ENABLE TRIGGER votes_aggregate");
  await client.query(BACKFILL_VOTE_AGGREGATES_SQL);
  await client.query("VACUUM ANALYZE battles, messages, votes, voters, models, vote_aggregates");
  console.log(`seeded ${N} votes on ${P} prompts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Runs fn while sampling this thread's event-loop delay (ms) and the process RSS. */
async function measured<T>(fn: () => Promise<T>) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  h.disable();
  return { value, ms, loopP99: h.percentile(99) / 1e6, loopMax: h.max / 1e6 };
}

let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const mb = (b: number) => `${Math.round(b / 2 ** 20)} MB`;
const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function main(): Promise<void> {
  await ensureDatabase(DB_URL);
  await migrate(DB_URL);
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  const [{ n }] = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM votes")).rows;
  if (reseed || n < N) await seed(client);
  else console.log(`reusing ${n} votes in the scratch database`);
  const exact = (
    await client.query<{ prompt: string; n: number }>(
      `SELECT m.content AS prompt, count(*)::int AS n FROM votes v
       JOIN messages m ON m.battle_id = v.battle_id AND m.turn = 0 AND m.side IS NULL
       WHERE v.counts_for_public GROUP BY 1 ORDER BY md5(m.content) LIMIT $1`,
      [Math.ceil(Q / 3)],
    )
  ).rows;

  process.env.DATABASE_URL = DB_URL;
  process.env.ARENA_SECRET ??= "bench-secret-not-for-production";
  const { buildPromptIndex, readSimilarBoard, setPromptIndexWorker } = await import(
    "@/lib/leaderboard/similar-job"
  );
  await setPromptIndexWorker(ratingsWorkerUrl());
  console.log(`bench:similar — ${n < N || reseed ? N : n} votes, load ${load()}`);

  const build = await measured(() => buildPromptIndex());
  console.log(
    `index build (${build.value}): ${(build.ms / 1000).toFixed(1)} s; request thread's event-loop delay meanwhile p99 ${build.loopP99.toFixed(1)} ms, max ${build.loopMax.toFixed(1)} ms`,
  );

  const queries: string[] = [];
  for (let k = 0; queries.length < Q; k++) {
    const e = exact[k % exact.length].prompt;
    const words = e.split(" ");
    queries.push(
      [e, `${words[1]} ${words[3]}`, `${words[0]} ${words[1]}`, k % 2 ? "kubernetes" : "recipe"][k % 4],
    );
  }
  const times: number[] = [];
  const boardsMs: number[] = [];
  let matched = 0;
  const all = await measured(async () => {
    for (const q of queries) {
      const started = performance.now();
      const view = await readSimilarBoard(q);
      times.push(performance.now() - started);
      if (view.status !== "ok") throw new Error(`index not ready: ${view.status}`);
      boardsMs.push(view.ms);
      matched += view.board?.matchedVotes ?? 0;
    }
  });
  console.log(
    `${Q} queries: p50 ${pct(times, 0.5).toFixed(0)} ms, p99 ${pct(times, 0.99).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms ` +
      `(round trip to the worker; mean ${Math.round(matched / Q)} matched votes per query); ` +
      `request thread's event-loop delay meanwhile p99 ${all.loopP99.toFixed(1)} ms, max ${all.loopMax.toFixed(1)} ms`,
  );

  let ok = 0;
  for (const e of exact) {
    const view = await readSimilarBoard(e.prompt);
    const top = view.status === "ok" ? view.board?.topPrompts[0] : null;
    if (top && top.weight === 1 && top.votes === e.n && e.prompt.startsWith(top.prompt)) ok++;
  }
  console.log(`known answer: ${ok}/${exact.length} exact-match queries recover their prompt's vote count`);

  const inserted = await client.query(
    `WITH b AS (
       INSERT INTO battles (mode, status, model_a_id, model_b_id, shown_left, sampler_name, sampler_version, pair_probability, voter_id)
       SELECT 'corpus', 'voted', (SELECT id FROM models ORDER BY slug LIMIT 1), (SELECT id FROM models ORDER BY slug DESC LIMIT 1),
              'a', 'bench', '1', 1.0 / 190, (SELECT id FROM voters LIMIT 1) FROM generate_series(1, $1) RETURNING id, voter_id),
     m AS (INSERT INTO messages (battle_id, side, turn, role, content) SELECT id, NULL, 0, 'user', 'Brand new question ' || id FROM b)
     INSERT INTO votes (battle_id, voter_id, outcome, counts_for_public, created_at)
     SELECT id, voter_id, 'b', true, now() - interval '1 minute' FROM b`,
    [NEW_VOTES],
  );
  const refreshed = await measured(() => buildPromptIndex());
  console.log(
    `${inserted.rowCount} new votes on new prompts, then refresh (${refreshed.value}): ${refreshed.ms.toFixed(0)} ms; ` +
      `event-loop delay meanwhile max ${refreshed.loopMax.toFixed(1)} ms`,
  );
  // The new votes go (the next run finds N votes and reuses the rest); their battles stay,
  // unvoted: deleting battles checks parent_battle_id, which has no index, for each one.
  await client.query("DELETE FROM votes WHERE created_at > now() - interval '10 minutes'");
  await client.end();
  await setPromptIndexWorker(null);
  if (process.argv.includes("--diagnostics")) {
    const { refreshDiagnostics, setDiagnosticsWorker } = await import("@/lib/leaderboard/diagnostics-job");
    setDiagnosticsWorker(ratingsWorkerUrl());
    const diag = await measured(() => refreshDiagnostics("overall"));
    console.log(
      `diagnostics refresh (overall, ${n < N || reseed ? N : n} votes): ${(diag.ms / 1000).toFixed(1)} s; ` +
        `event-loop delay meanwhile p99 ${diag.loopP99.toFixed(0)} ms, max ${diag.loopMax.toFixed(0)} ms`,
    );
  }
  clearInterval(rssTimer);
  console.log(`peak RSS (this process, both threads): ${mb(peakRss)}; load ${load()}`);
}

await main();
