// `npm run bench:leaderboard -- [--url http://127.0.0.1:3000] [--seconds 10] [--concurrency 50]`:
// hammers the leaderboard page and the JSON API of a running arena (`npm run arena`,
// with at least one snapshot) and prints requests/s and latency percentiles.
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "50" },
    warmup: { type: "string", default: "2" },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

async function run(path: string) {
  const target = new URL(path, values.url).toString();
  const first = await fetch(target);
  if (!first.ok) throw new Error(`${target} answered ${first.status}; is the arena running with a snapshot?`);
  await first.arrayBuffer();
  // Warm-up (JIT, connection pool, the page cache) is run but not counted.
  const warmEnd = performance.now() + Number(values.warmup) * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < warmEnd) await (await fetch(target)).arrayBuffer();
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const res = await fetch(target);
          await res.arrayBuffer();
          if (!res.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  return {
    path,
    requests: latencies.length,
    rps: Math.round(latencies.length / seconds),
    p50_ms: pct(50),
    p90_ms: pct(90),
    p99_ms: pct(99),
    max_ms: pct(100),
    errors,
  };
}

const results = [];
for (const path of ["/api/leaderboard?category=overall", "/leaderboard"]) results.push(await run(path));
// wrk (apt install wrk) costs the shared CPU less than this Node client:
//   wrk -t2 -c50 -d10s --latency http://127.0.0.1:3000/leaderboard
console.log(
  JSON.stringify({ concurrency, seconds, results, target: "≥ 500 req/s at p99 ≤ 100 ms" }, null, 2),
);
