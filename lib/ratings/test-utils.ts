/** Helpers shared by the ratings tests (not shipped code paths). */
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_STYLE_FEATURES } from "./io/battle-parser";
import { Xoshiro128 } from "./rng";
import { AliasTable } from "./samplers";
import type { Battle, Outcome, StyleBattle } from "./types";

export const repoRoot = path.resolve(import.meta.dirname, "../..");
export const fixturesDir = path.join(import.meta.dirname, "__fixtures__");
/** Real arena votes belong to other projects: read from the sibling checkout, never copied. */
export const arenaDir =
  process.env.RATINGS_ARENA_DIR ?? path.resolve(repoRoot, "../shared/arena_data/battles");

export type Row = Record<string, unknown>;

export function readJsonl(file: string): Row[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

/** Input file of a fixture name, or null when it lives in ../shared and that is absent. */
export function inputFile(name: string): string | null {
  const local = path.join(fixturesDir, `${name}.jsonl`);
  if (fs.existsSync(local)) return local;
  const shared = path.join(arenaDir, `${name}.jsonl`);
  return fs.existsSync(shared) ? shared : null;
}

export function toBattles(rows: Row[]): Battle[] {
  return rows.map((r) => ({
    modelA: r.model_a as string,
    modelB: r.model_b as string,
    outcome: r.winner as Outcome,
    samplingProbability: r.sampling_probability as number | undefined,
  }));
}

export function toStyleBattles(rows: Row[], features = DEFAULT_STYLE_FEATURES): StyleBattle[] {
  return rows.map((r) => ({
    modelA: r.model_a as string,
    modelB: r.model_b as string,
    outcome: r.winner as Outcome,
    features: Object.fromEntries(features.map((f) => [f, [r[`${f}_a`] as number, r[`${f}_b`] as number]])),
  }));
}

export function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Votes among `models` models with Elo strengths N(0, 120²), Zipf-popular pairs, 15% ties. */
export function simulate(
  models: number,
  votes: number,
  seed: number,
): { battles: Battle[]; truth: number[] } {
  const rng = new Xoshiro128(seed);
  const normal = () =>
    Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const truth = Array.from({ length: models }, () => 1000 + 120 * normal());
  const pick = new AliasTable(Array.from({ length: models }, (_, i) => 1 / (i + 1) ** 0.8));
  const battles: Battle[] = [];
  for (let n = 0; n < votes; n++) {
    const a = pick.sample(rng);
    let b = pick.sample(rng);
    while (b === a) b = pick.sample(rng);
    const pa = 1 / (1 + 10 ** ((truth[b] - truth[a]) / 400));
    const u = rng.nextFloat();
    const outcome: Outcome = u < 0.15 ? "tie" : rng.nextFloat() < pa ? "model_a" : "model_b";
    battles.push({ modelA: `m${a}`, modelB: `m${b}`, outcome });
  }
  return { battles, truth };
}
