// npm run build && npm run bench:rigging [-- --honest-voters=150 --votes-each=20 --modes=off,on --nat-voters=8]
//
// Through the real HTTP endpoints of the production build: an honest crowd voting from
// synthetic true strengths, plus three attackers who each try to cast 500 votes for one
// mid-table model — (a) one identity as fast as allowed, (b) a new identity every 10
// votes from one address, reading like a human, (c) (b) plus omnipresent votes on
// battles without the target. Prints per strategy: attacker votes counted publicly, the
// target's rating gain with and without the defences, and the share of honest votes
// wrongly quarantined. Each mode is a fresh database and server. `--nat-voters` of the
// honest voters share attacker (b)'s address (a NAT): they must keep counting.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { computeLeaderboard, type Outcome, type PairCount } from "../lib/ratings";
import { seededRandom } from "../lib/testing/seeded-random";
import { freePort, freshDatabase, sleep, startApp, stopAll } from "./bench-live-procs";
import {
  type AttackPlan,
  attacker,
  honestVoter,
  newStats,
  type VoteRecord,
  type World,
} from "./bench-rigging-crowd";

const arg = (name: string, dflt: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const HONEST_VOTERS = Number(arg("honest-voters", "150"));
const VOTES_EACH = Number(arg("votes-each", "20"));
const MODES = arg("modes", "off,on").split(",") as ("off" | "on" | "detect")[];
const ATTACK_VOTES = Number(arg("attack-votes", "500"));
const NAT_VOTERS = Number(arg("nat-voters", "8"));
const ATTACKER_IP = (i: number) => `198.51.100.${i + 1}`;
const DB_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/arena_bench_rigging";

const TRUTH_FILE = path.resolve(
  import.meta.dirname,
  "../../shared/fixtures/ratings/synthetic_20k_style.truth.json",
);

/** Ten models spread over the synthetic truth (every third by strength), or a fixed ladder. */
function truth(): Record<string, number> {
  if (existsSync(TRUTH_FILE)) {
    const all = JSON.parse(readFileSync(TRUTH_FILE, "utf8")).ratings as Record<string, number>;
    const sorted = Object.entries(all).sort((a, b) => b[1] - a[1]);
    return Object.fromEntries(sorted.filter((_, i) => i % 3 === 0).slice(0, 10));
  }
  return Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`model_${i}`, 1200 - i * 45]));
}

const WORDS = "the a model answer because data light river stone quick yellow paper seven window".split(" ");

async function seed(url: string, models: string[], rnd: () => number, modelOf: Map<string, string>) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const ids = new Map<string, string>();
  for (const m of models) {
    const { rows } = await c.query(
      `INSERT INTO models (slug, display_name, provider_kind) VALUES ($1, $1, 'corpus') RETURNING id`,
      [m],
    );
    ids.set(m, rows[0].id);
  }
  const { rows } = await c.query(`INSERT INTO corpora (name) VALUES ('rigging') RETURNING id`);
  for (let p = 0; p < 80; p++) {
    const pr = await c.query(
      `INSERT INTO corpus_prompts (corpus_id, external_id, text, language) VALUES ($1, $2, $3, 'en') RETURNING id`,
      [rows[0].id, `p${p}`, `Question ${p}: explain something.`],
    );
    for (const m of models) {
      const n = 15 + Math.floor(rnd() * 35);
      const text = `${models.indexOf(m)}.${p}: ${Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(" ")}`;
      modelOf.set(text, m);
      await c.query(`INSERT INTO corpus_responses (prompt_id, model_id, content) VALUES ($1, $2, $3)`, [
        pr.rows[0].id,
        ids.get(m),
        text,
      ]);
    }
  }
  await c.end();
}

const OUTCOME: Record<string, Outcome> = {
  left: "model_a",
  right: "model_b",
  tie: "tie",
  both_bad: "tie (bothbad)",
};

function fitRatings(records: VoteRecord[]) {
  const cells = new Map<string, PairCount>();
  for (const r of records) {
    const key = `${r.left}|${r.right}|${r.choice}`;
    const c = cells.get(key) ?? { modelA: r.left, modelB: r.right, outcome: OUTCOME[r.choice], count: 0 };
    c.count++;
    cells.set(key, c);
  }
  const res = computeLeaderboard([...cells.values()], { ci: "bootstrap", rounds: 200, seed: 1 });
  return new Map(res.leaderboard.map((row) => [row.model, row]));
}

/** battle id → exclusion reason (null: counted), read through the public dump. */
async function publicVotes(base: string): Promise<Map<string, string | null>> {
  const res = await fetch(`${base}/api/export/votes?format=fastchat_jsonl&include_excluded=true`, {
    headers: { "x-forwarded-for": "192.0.2.250" },
  });
  if (!res.ok) throw new Error(`export: HTTP ${res.status}`);
  const out = new Map<string, string | null>();
  for (const line of (await res.text()).split("\n")) {
    if (!line) continue;
    const row = JSON.parse(line) as { question_id: string; exclusion_reason: string | null };
    out.set(row.question_id, row.exclusion_reason);
  }
  return out;
}

async function runMode(mode: "off" | "on" | "detect", models: Record<string, number>) {
  const rnd = seededRandom(2026);
  const slugs = Object.keys(models);
  const byStrength = [...slugs].sort((a, b) => models[b] - models[a]);
  const target = byStrength[Math.floor(byStrength.length / 2)];
  const rivals = new Set(
    byStrength.slice(Math.max(0, byStrength.indexOf(target) - 2), byStrength.indexOf(target)),
  );
  const modelOf = new Map<string, string>();
  await freshDatabase(DB_URL);
  await seed(DB_URL, slugs, rnd, modelOf);
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  const { base } = await startApp(port, {
    DATABASE_URL: DB_URL,
    ARENA_SECRET: "bench-rigging-secret-0123456789",
    ARENA_ADMIN_TOKEN: "bench-rigging-admin",
    ARENA_RECOMPUTE_DEBOUNCE_MS: "3000",
    ARENA_ABUSE_DEFENCES: mode === "off" ? "off" : "on",
    ARENA_TRUST_PROXY_HOPS: "1",
    ...(mode === "detect" ? { ARENA_RATE_LIMITS: relaxedLimits() } : {}),
  });
  const started = Date.now();
  const world: World = { base, modelOf, truth: models, rnd, deadline: Number.POSITIVE_INFINITY };
  const honest = newStats();
  const crowd = Promise.all(
    Array.from({ length: HONEST_VOTERS }, async (_, i) => {
      await sleep(i * 150); // arrivals spread over the first seconds, not one burst
      // The first NAT_VOTERS sit behind attacker (b)'s address.
      const behindNat = i < NAT_VOTERS;
      const ip = behindNat ? ATTACKER_IP(1) : `10.${(i >> 8) & 255}.${i & 255}.7`;
      await honestVoter(world, ip, VOTES_EACH, honest, behindNat ? "honest-nat" : "honest");
    }),
  );
  // Attackers join once the crowd has a leaderboard to hide in, and stop when it is done.
  await sleep(30_000);
  world.deadline = Date.now() + 4 * 60_000;
  const attacks = (["a", "b", "c"] as const).map((name, i) => {
    const plan: AttackPlan = { name, target, rivals, ip: ATTACKER_IP(i), targetVotes: ATTACK_VOTES };
    const stats = newStats();
    return { plan, stats, done: attacker(world, plan, stats) };
  });
  await crowd;
  world.deadline = Math.min(world.deadline, Date.now());
  await Promise.all(attacks.map((a) => a.done));
  await sleep(8_000); // screening runs after each response; let the last ones finish
  const excluded = await publicVotes(base);
  stopAll();
  await sleep(1000);
  return { target, honest, attacks, excluded, seconds: (Date.now() - started) / 1000 };
}

function relaxedLimits(): string {
  const big = { voter: { points: 100_000, durationS: 60 }, ip: { points: 100_000, durationS: 60 } };
  return JSON.stringify({ deal: big, vote: big, stream: big });
}

function report(mode: string, r: Awaited<ReturnType<typeof runMode>>) {
  const counted = (recs: VoteRecord[]) =>
    recs.filter((x) => r.excluded.has(x.battleId) && r.excluded.get(x.battleId) === null);
  const honestAll = r.honest.records;
  const quarantined = honestAll.filter((x) =>
    r.excluded.get(x.battleId)?.startsWith("voter quarantined"),
  ).length;
  const base = fitRatings(honestAll).get(r.target)!;
  const half = ((base.ciUpper ?? base.rating) - (base.ciLower ?? base.rating)) / 2;
  console.log(
    `\nmode ${mode}: ${r.seconds.toFixed(0)} s; target ${r.target}; honest votes ${honestAll.length} (challenges ${r.honest.challenges}), ` +
      `quarantined ${quarantined} (${((100 * quarantined) / Math.max(1, honestAll.length)).toFixed(2)} %); ` +
      `target CI half-width ${half.toFixed(1)} (target for gain: < ${(half / 4).toFixed(1)})`,
  );
  if (NAT_VOTERS > 0) {
    const natVotes = honestAll.filter((x) => x.who === "honest-nat");
    const natQuarantined = natVotes.filter((x) =>
      r.excluded.get(x.battleId)?.startsWith("voter quarantined"),
    ).length;
    console.log(
      `  ${NAT_VOTERS} of them behind attacker (b)'s address (one NAT): votes ${natVotes.length}, ` +
        `quarantined ${natQuarantined}`,
    );
  }
  for (const a of r.attacks) {
    const mine = a.stats.records;
    const pub = counted([...honestAll, ...mine]);
    const gain = fitRatings(pub).get(r.target)!.rating - fitRatings(counted(honestAll)).get(r.target)!.rating;
    const rawGain = fitRatings([...honestAll, ...mine]).get(r.target)!.rating - base.rating;
    console.log(
      `  (${a.plan.name}) deals ${a.stats.deals}, challenges solved ${a.stats.challenges}, votes accepted ${mine.length}, refused ${a.stats.refused}, ` +
        `counted publicly ${counted(mine).length}; gain ${gain.toFixed(1)} points ` +
        `(${(gain / half).toFixed(2)} × half-width; if every accepted vote counted: ${rawGain.toFixed(1)})`,
    );
  }
}

async function main() {
  console.log(
    `bench:rigging — ${HONEST_VOTERS} honest voters × ${VOTES_EACH} votes, attackers ${ATTACK_VOTES} target votes each; load ${readFileSync("/proc/loadavg", "utf8").trim()}`,
  );
  const models = truth();
  for (const mode of MODES) report(mode, await runMode(mode, models));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    stopAll();
    process.exit(1);
  },
);
