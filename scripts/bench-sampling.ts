// npm run bench:sampling [-- --seeds=5 --target=0.9 --tolerance=1 --batch=100] [-- --models=N --spread=SD]
//
// Votes needed to reach a target rank confidence (mean over models of the bootstrap
// probability that a model's rank is within `tolerance` places of its fitted rank, from the
// rank distribution /what-wins shows) with uniformly
// drawn pairs versus the app's active sampler (lib/arena/samplers.ts), on a simulated crowd
// voting from synthetic true strengths (Bradley-Terry, 10% ties), refitting every `batch`
// votes as the app's recompute does. Same truths and seeds for both samplers. Two fields by
// default: a wide one (30 models, strengths SD 300 Elo) and a narrow one (16 models, SD 150),
// since what active sampling saves depends on how many pairs are foregone conclusions.
// Pure computation: no server or database. Exits 1 when either field saves < 30%.
import { readFileSync } from "node:fs";
import { type SimOptions, simulate } from "./bench-sampling-sim";

const arg = (name: string, dflt?: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;

const common = {
  target: Number(arg("target", "0.9")),
  tolerance: Number(arg("tolerance", "1")),
  batch: Number(arg("batch", "100")),
  maxVotes: Number(arg("max-votes", "120000")),
  rounds: Number(arg("rounds", "200")),
  tieRate: 0.1,
};
const seeds = Number(arg("seeds", "5"));
const fields: { name: string; models: number; spread: number }[] = arg("models")
  ? [{ name: "custom field", models: Number(arg("models")), spread: Number(arg("spread", "150")) }]
  : [
      { name: "wide field", models: 30, spread: 300 },
      { name: "narrow field", models: 16, spread: 150 },
    ];
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

console.log(
  `bench:sampling — target rank confidence ${common.target} (rank within ±${common.tolerance}), refit every ${common.batch} votes, ` +
    `${common.rounds} bootstrap rounds, ${seeds} seeds; load ${load()}`,
);
const savings: number[] = [];
for (const field of fields) {
  console.log(`\n${field.name}: ${field.models} models, true strengths N(1000, ${field.spread}²)`);
  let uniform = 0;
  let active = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const o: SimOptions = { ...common, ...field, seed };
    const u = simulate("uniform", o);
    const a = simulate("active", o);
    const show = (r: typeof u) =>
      `${r.votes ?? `>${common.maxVotes}`} votes (confidence ${r.confidence.toFixed(3)}, Kendall tau vs truth ${r.tau.toFixed(3)})`;
    console.log(`  seed ${seed}: uniform ${show(u)} · active ${show(a)}`);
    uniform += u.votes ?? common.maxVotes;
    active += a.votes ?? common.maxVotes;
  }
  const saving = 1 - active / uniform;
  savings.push(saving);
  console.log(
    `  mean votes to target: uniform ${Math.round(uniform / seeds)}, active ${Math.round(active / seeds)} → ` +
      `active needs ${(saving * 100).toFixed(1)}% fewer votes`,
  );
}
const met = savings.every((x) => x >= 0.3);
console.log(`\ngoal: ≥ 30% fewer votes in every field: ${met ? "met" : "NOT met"}; load ${load()}`);
process.exitCode = met ? 0 : 1;
