/**
 * CLI: npm run ratings -- INPUT [options]  (see --help). Only the result JSON goes to stdout.
 * Worker threads run lib/ratings/io/worker.ts (under tsx) or its bundle beside this one.
 */
import fs from "node:fs";
import { finishBt, prepareBt } from "@/lib/ratings/bt-engine";
import { roundsWork, runRoundsParallel, WorkerPool } from "@/lib/ratings/io/pool";
import { MIN_SPLIT_BYTES, readBattleFile } from "@/lib/ratings/io/read-file";
import { ratingsWorkerUrl } from "@/lib/ratings/io/worker-url";
import { finishStyle, prepareStyle } from "@/lib/ratings/style-engine";
import type { LeaderboardResult } from "@/lib/ratings/types";
import { type CliArgs, HELP, parseCliArgs, UsageError } from "./ratings-args";

class InputError extends Error {}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), snakeKeys(v)]));
}

function log(msg: string): void {
  process.stderr.write(`ratings: ${msg}\n`);
}

async function run(args: CliArgs): Promise<unknown> {
  const t0 = performance.now();
  // Process CPU (all threads): unlike wall time it does not depend on other load on the machine.
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const cpuAt: Record<string, number> = { start: cpu() };
  if (!fs.existsSync(args.input)) throw new Error(`input file not found: ${args.input}`);
  const pool = args.threads > 1 ? new WorkerPool(ratingsWorkerUrl(), args.threads - 1) : null;
  // Threads only pay off for big inputs or bootstraps: start them early only when the file is big.
  const poolFor = (work: number) => (pool && (pool.started || work > 2e7) ? pool : null);
  try {
    if (fs.statSync(args.input).size >= MIN_SPLIT_BYTES) pool?.start();
    const features = args.style ? args.features : [];
    const data = await readBattleFile(args.input, { features, ipw: args.ipw, lenient: args.lenient }, pool);
    if (data.error) throw new InputError(data.error.message);
    for (const e of data.examples) log(`skipped ${e.message}`);
    const tRead = performance.now() - t0;
    cpuAt.read = cpu();
    log(
      `read ${data.battles} battles (${data.lines} lines, ${data.format}) in ${(tRead / 1000).toFixed(2)} s`,
    );
    const opts = {
      ci: args.ci,
      rounds: args.rounds,
      seed: args.seed,
      bootstrapMethod: args.bootstrapMethod,
      ridge: args.ridge,
      anchor: args.anchor,
      minVotes: args.minVotes,
      ipw: args.ipw,
    };
    let result: LeaderboardResult;
    if (args.style) {
      if (!data.rows) throw new Error("style rows missing");
      const prep = prepareStyle(data.pd, data.rows, { ...opts, features });
      const tCi = performance.now();
      const { setup } = prep;
      const rounds = setup
        ? await runRoundsParallel(setup, prep.rounds, poolFor(roundsWork(setup, prep.rounds)))
        : null;
      prep.timingMs.ci = performance.now() - tCi;
      result = finishStyle(prep, rounds);
    } else {
      const prep = prepareBt(data.pd, opts);
      const tCi = performance.now();
      const { setup } = prep;
      const rounds = setup
        ? await runRoundsParallel(setup, prep.rounds, poolFor(roundsWork(setup, prep.rounds)))
        : null;
      prep.timingMs.ci = performance.now() - tCi;
      result = finishBt(prep, rounds);
    }
    const { meta } = result;
    const skippedTotal = Object.values(data.skipped).reduce((s, v) => s + (v ?? 0), 0);
    const out: Record<string, unknown> = {
      leaderboard: result.leaderboard.map((r) => ({
        model: r.model,
        rating: r.rating,
        ci_lower: r.ciLower,
        ci_upper: r.ciUpper,
        rank_ub: r.rankUb,
        num_battles: r.numBattles,
      })),
    };
    if (result.styleCoefficients) {
      out.style_coefficients = Object.fromEntries(result.styleCoefficients.map((c) => [c.feature, c.coef]));
    }
    if (args.matrices) {
      out.models = result.models;
      out.win_rate_no_ties = result.winRateNoTies;
      out.predicted_win_rate = result.predictedWinRate;
      out.battle_count = result.battleCount;
      out.battle_count_no_ties = result.battleCountNoTies;
    }
    out.meta = {
      input: args.input,
      format: data.format,
      lines: data.lines,
      skipped_lines: skippedTotal,
      skipped_by_reason: data.skipped,
      models_without_battles: data.pd.modelsWithoutBattles,
      rating_scale: "Elo: R = 400·log10-odds + 1000; each connected group has mean 1000 unless anchored",
      ...(snakeKeys({ ...meta, timingMs: undefined }) as object),
      style_coefficients_detail: result.styleCoefficients ? snakeKeys(result.styleCoefficients) : undefined,
      threads: args.threads,
      timing_ms: { read: tRead, ...meta.timingMs, total: performance.now() - t0 },
      cpu_ms: { read: cpuAt.read - cpuAt.start, compute: cpu() - cpuAt.read, process: cpu() },
      max_rss_mb: process.resourceUsage().maxRSS / 1024,
    };
    return out;
  } finally {
    await pool?.close();
  }
}

async function main(): Promise<number> {
  let args: CliArgs | "help";
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    log(`${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  try {
    const out = await run(args);
    const text = `${JSON.stringify(out, null, 2)}\n`;
    if (args.out) fs.writeFileSync(args.out, text);
    else process.stdout.write(text);
    const meta = (out as { meta: { timing_ms: { total: number }; max_rss_mb: number } }).meta;
    log(`done in ${(meta.timing_ms.total / 1000).toFixed(2)} s, peak RSS ${meta.max_rss_mb.toFixed(0)} MB`);
    return 0;
  } catch (err) {
    if (err instanceof InputError || err instanceof UsageError) {
      log(`error: ${err.message}`);
      return 2;
    }
    log(`error: ${(err as Error).message}`);
    return 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});
