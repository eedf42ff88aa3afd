/**
 * npm run bench:ratings [-- --quick | --only=bt1m|bt3m|style1m | --runs=N | --generate-only] — generates synthetic battle files into bench-out/ (cached),
 * bundles the CLI with esbuild (tsx start-up alone costs ~0.5 s) and times whole CLI processes
 * with /usr/bin/time: wall clock and peak RSS. Prints figures; it asserts nothing.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Xoshiro128 } from "@/lib/ratings/rng";
import { AliasTable } from "@/lib/ratings/samplers";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "bench-out");
const quick = process.argv.includes("--quick");
const generateOnly = process.argv.includes("--generate-only");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
const runsArg = process.argv.find((a) => a.startsWith("--runs="));
const runs = runsArg ? Number(runsArg.slice(7)) : 3;

interface GenSpec {
  votes: number;
  models: number;
  seed: number;
}

/** Zipf-popular pairs, 15% ties (30% both-bad), strengths N(0, 120²) Elo plus a length/format effect. */
function generate(file: string, spec: GenSpec): void {
  const rng = new Xoshiro128(spec.seed);
  const normal = () =>
    Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const rating = Array.from({ length: spec.models }, () => 120 * normal());
  const pop = Array.from({ length: spec.models }, (_, i) => 1 / (i + 1) ** 0.8);
  const popSum = pop.reduce((a, b) => a + b, 0);
  const popSq = pop.reduce((a, b) => a + (b / popSum) ** 2, 0);
  const pick = new AliasTable(pop);
  const names = rating.map((_, i) => `model_${String(i).padStart(3, "0")}`);
  const fd = fs.openSync(`${file}.tmp`, "w");
  let chunk: string[] = [];
  for (let n = 0; n < spec.votes; n++) {
    const a = pick.sample(rng);
    let b = pick.sample(rng);
    while (b === a) b = pick.sample(rng);
    const side = () => {
      const tokens = Math.round(Math.exp(5.5 + 0.8 * normal()));
      const h = Math.floor(rng.nextFloat() * 6);
      const l = Math.floor(rng.nextFloat() * 8);
      const bo = Math.floor(rng.nextFloat() * 10);
      return [tokens, h, l, bo];
    };
    const fa = side();
    const fb = side();
    const style =
      (0.8 * (fa[0] - fb[0])) / (fa[0] + fb[0] + 1) + (0.2 * (fa[3] - fb[3])) / (fa[3] + fb[3] + 1);
    const z = ((rating[a] - rating[b]) * Math.LN10) / 400 + style;
    const u = rng.nextFloat();
    const winner =
      u < 0.15
        ? u < 0.045
          ? "tie (bothbad)"
          : "tie"
        : rng.nextFloat() < 1 / (1 + Math.exp(-z))
          ? "model_a"
          : "model_b";
    const prob = (2 * pop[a] * pop[b]) / (popSum * popSum * (1 - popSq));
    chunk.push(
      `{"battle_id":"b${n}","model_a":"${names[a]}","model_b":"${names[b]}","winner":"${winner}","tstamp":${1722262793 + n * 0.37},"sampling_probability":${prob.toPrecision(6)},"sum_assistant_tokens_a":${fa[0]},"sum_assistant_tokens_b":${fb[0]},"header_count_a":${fa[1]},"header_count_b":${fb[1]},"list_count_a":${fa[2]},"list_count_b":${fb[2]},"bold_count_a":${fa[3]},"bold_count_b":${fb[3]}}`,
    );
    if (chunk.length === 20000) {
      fs.writeSync(fd, `${chunk.join("\n")}\n`);
      chunk = [];
    }
  }
  if (chunk.length) fs.writeSync(fd, `${chunk.join("\n")}\n`);
  fs.closeSync(fd);
  fs.renameSync(`${file}.tmp`, file);
}

function dataFile(spec: GenSpec): string {
  const file = path.join(outDir, `battles_${spec.votes}_${spec.models}_s${spec.seed}.jsonl`);
  if (!fs.existsSync(file)) {
    const t = performance.now();
    generate(file, spec);
    console.log(`generated ${path.relative(root, file)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return file;
}

async function bundle(): Promise<string | null> {
  try {
    const esbuild = await import("esbuild");
    const outfile = path.join(outDir, "dist", "ratings.mjs");
    await esbuild.build({
      entryPoints: [path.join(root, "scripts", "ratings.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile,
      alias: { "@": root },
      logLevel: "error",
    });
    return outfile;
  } catch (err) {
    console.log(`esbuild unavailable (${(err as Error).message}); timing the tsx entry only`);
    return null;
  }
}

interface Run {
  wallS: number;
  cpuS: number;
  rssMb: number;
  meta: Record<string, unknown>;
}

function timeCli(cmd: string[], args: string[]): Run {
  const out = path.join(outDir, "result.json");
  const t = performance.now();
  const res = spawnSync("/usr/bin/time", ["-v", ...cmd, ...args, "--out", out], {
    encoding: "utf8",
    cwd: root,
  });
  const wallS = (performance.now() - t) / 1000;
  if (res.status !== 0) throw new Error(`CLI failed (${res.status}): ${res.stderr}`);
  const field = (re: RegExp) => Number(re.exec(res.stderr)?.[1] ?? Number.NaN);
  const meta = JSON.parse(fs.readFileSync(out, "utf8")).meta;
  return {
    wallS,
    // CPU seconds do not depend on what else runs on the machine; wall time does.
    cpuS: field(/User time \(seconds\): ([\d.]+)/) + field(/System time \(seconds\): ([\d.]+)/),
    rssMb: field(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    meta,
  };
}

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const scale = quick ? 0.1 : 1;
  const cases = [
    {
      id: "bt1m",
      name: "BT + 1000 bootstrap, 1M votes / 100 models",
      votes: 1e6 * scale,
      models: 100,
      args: [],
      target: 1.2,
    },
    {
      id: "bt3m",
      name: "BT + 1000 bootstrap, 3M votes / 250 models",
      votes: 3e6 * scale,
      models: 250,
      args: [],
      target: 2.5,
    },
    {
      id: "style1m",
      name: "style + sandwich, 1M votes / 100 models",
      votes: 1e6 * scale,
      models: 100,
      args: ["--style"],
      target: 3,
    },
  ].filter((c) => !only || c.id === only);
  if (generateOnly) {
    for (const c of cases) dataFile({ votes: c.votes, models: c.models, seed: 7 });
    return;
  }
  const bundled = await bundle();
  const entries: { label: string; cmd: string[] }[] = [];
  if (bundled)
    entries.push({ label: `node ${path.relative(root, bundled)} (esbuild bundle)`, cmd: ["node", bundled] });
  entries.push({
    label: "node --import tsx scripts/ratings.ts",
    cmd: ["node", "--import", "tsx", "scripts/ratings.ts"],
  });
  console.log(
    `cores: ${os.availableParallelism()}, node ${process.version}, load avg ${os.loadavg()[0].toFixed(2)}`,
  );
  for (const c of cases) {
    const file = dataFile({ votes: c.votes, models: c.models, seed: 7 });
    const mb = fs.statSync(file).size / 2 ** 20;
    console.log(`\n${c.name} — ${path.relative(root, file)} (${mb.toFixed(0)} MB), target ≤ ${c.target} s`);
    for (const e of entries) {
      const results = Array.from({ length: runs }, () => timeCli(e.cmd, [file, ...c.args]));
      const best = results.reduce((x, y) => (y.wallS < x.wallS ? y : x));
      const tm = best.meta.timing_ms as Record<string, number>;
      const load = os.loadavg()[0].toFixed(2);
      console.log(
        `  ${e.label}: wall ${results.map((r) => r.wallS.toFixed(2)).join(" / ")} s (best ${best.wallS.toFixed(2)}), ` +
          `CPU ${best.cpuS.toFixed(2)} s, peak RSS ${best.rssMb.toFixed(0)} MB, load avg ${load}; inside: read ` +
          `${(tm.read / 1000).toFixed(2)} s, fit ${(tm.fit / 1000).toFixed(2)} s, ci ${(tm.ci / 1000).toFixed(2)} s; ` +
          `${best.meta.n_battles} battles, ${best.meta.n_models} models`,
      );
    }
  }
  fs.rmSync(path.join(outDir, "result.json"), { force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
