// `npm run bench:recompute -- [--votes N] [--models M]`: fills a scratch database with N
// synthetic votes (SQL generate_series, known strengths), then times the app's full
// leaderboard recompute (all categories) while measuring event-loop delay, as the
// server would see it. Uses the bundled worker (.next/ratings-worker.mjs) when built.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { migrate, recreateDatabase } from "../lib/db/migrate";
import { BACKFILL_VOTE_AGGREGATES_SQL } from "./bench-aggregates";
import { benchDatabaseUrl } from "./database-url";

const { values } = parseArgs({
  options: {
    votes: { type: "string", default: "1000000" },
    models: { type: "string", default: "100" },
    "reuse-db": { type: "boolean", default: false },
  },
});
const N = Number(values.votes);
const M = Number(values.models);
const URL_ = await benchDatabaseUrl("arena_bench_recompute");

async function seed(): Promise<void> {
  await recreateDatabase(URL_);
  await migrate(URL_);
  const c = new pg.Client({ connectionString: URL_ });
  await c.connect();
  const t0 = performance.now();
  await c.query(
    `INSERT INTO models (slug, display_name, provider_kind)
    SELECT 'model-' || lpad(i::text, 3, '0'), 'Model ' || i, 'corpus' FROM generate_series(1, $1::int) i`,
    [M],
  );
  await c.query(`INSERT INTO voters (id) VALUES ('00000000-0000-4000-8000-000000000001')`);
  // Strength of model i: 8·i Elo points; outcome drawn from Bradley-Terry, 12% ties.
  await c.query(
    `
    CREATE TEMP TABLE draws AS
    SELECT g, 1 + floor(random() * $2::int)::int AS a, 1 + floor(random() * ($2::int - 1))::int AS b0,
           random() AS u, random() AS t, floor(random() * 4)::int AS cat
    FROM generate_series(1, $1::int) g`,
    [N, M],
  );
  await c.query(
    `
    WITH ids AS (SELECT array_agg(id ORDER BY slug) AS v FROM models)
    INSERT INTO battles (mode, status, model_a_id, model_b_id, shown_left, sampler_name, sampler_version,
                         pair_probability, voter_id, category_tags, created_at)
    SELECT 'corpus', 'voted', ids.v[d.a], ids.v[CASE WHEN d.b0 >= d.a THEN d.b0 + 1 ELSE d.b0 END],
           CASE WHEN d.g % 2 = 0 THEN 'a' ELSE 'b' END::"Side", 'bench', '1', 2.0 / ($1::int * ($1::int - 1)),
           '00000000-0000-4000-8000-000000000001',
           CASE d.cat WHEN 0 THEN ARRAY['lang:en'] WHEN 1 THEN ARRAY['lang:en', 'code']
                      WHEN 2 THEN ARRAY['lang:fr'] ELSE ARRAY['lang:en', 'long_prompt'] END,
           now() - (d.g || ' seconds')::interval
    FROM draws d, ids`,
    [M],
  );
  await c.query(`ALTER TABLE votes DISABLE TRIGGER votes_aggregate`);
  await c.query(`
    INSERT INTO votes (battle_id, voter_id, outcome, counts_for_public, created_at)
    SELECT b.id, b.voter_id,
           CASE WHEN random() < 0.12 THEN 'tie'
                WHEN random() < 1 / (1 + power(10, (substr(mb.slug, 7)::int - substr(ma.slug, 7)::int) * 8 / 400.0)) THEN 'a'
                ELSE 'b' END::"Outcome",
           random() > 0.03, b.created_at
    FROM battles b JOIN models ma ON ma.id = b.model_a_id JOIN models mb ON mb.id = b.model_b_id`);
  await c.query(`ALTER TABLE votes ENABLE TRIGGER votes_aggregate`);
  // The same backfill as the migration, once, instead of a trigger call per vote.
  await c.query(BACKFILL_VOTE_AGGREGATES_SQL);
  await c.query("ANALYZE");
  await c.end();
  console.log(`seeded ${N} votes / ${M} models in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (!values["reuse-db"]) await seed();
process.env.DATABASE_URL = URL_;
// As under `next start`: fit on the bundled worker threads (run `npm run build` first).
Object.assign(process.env, { NODE_ENV: "production" });
const { recomputeLeaderboards } = await import("../lib/leaderboard/recompute");
// A running server has its database client warm; the first query compiles Prisma's engine.
const { readCategoryAggregates } = await import("../lib/db/leaderboard");
await readCategoryAggregates({ tag: "warm-up" });
const h = monitorEventLoopDelay({ resolution: 5 });
// A 10 ms ticker stands in for requests the server keeps answering during the run.
let ticks = 0;
const ticker = setInterval(() => ticks++, 10);
h.enable();
const t0 = performance.now();
const summary = await recomputeLeaderboards({ ci: "bootstrap", rounds: 1000, seed: 0 });
const ms = performance.now() - t0;
h.disable();
clearInterval(ticker);
console.log(
  JSON.stringify(
    {
      votes: N,
      models: M,
      categories: summary.categories.length,
      recompute_s: +(ms / 1000).toFixed(2),
      event_loop_delay_ms: {
        p50: +(h.percentile(50) / 1e6).toFixed(1),
        p99: +(h.percentile(99) / 1e6).toFixed(1),
        max: +(h.max / 1e6).toFixed(1),
      },
      ticks_during_run: ticks,
      target: "recompute ≤ 5 s at 1M votes, event-loop delay < 50 ms",
    },
    null,
    2,
  ),
);
process.exit(0);
