// npm run bench:sampling [-- --seeds=10 --targets=0.8,0.85,0.9 --tolerance=1 --batch=100] [-- --models=N --spread=SD]
//
// Votes needed to reach a target rank confidence (mean over models of the bootstrap
// probability that a model's rank is within `tolerance` places of its fitted rank, from the
// rank distribution /what-wins shows) with uniformly drawn pairs versus the app's active
// sampler (lib/arena/samplers.ts, the code the live deal calls), on a simulated crowd voting
// from synthetic true strengths (Bradley-Terry, 10% ties), refitting every `batch` votes as
// the app's recompute does. Same truths, targets and stopping rule for both samplers; each
// seed draws a new truth. Two fields by default: a wide one (30 models, strengths SD 300 Elo)
// and a narrow one (16 models, SD 150), since what active sampling saves depends on how many
// pairs are foregone conclusions.
//
// The saving of a field and target is 1 − (active's votes summed over seeds)/(uniform's);
// per-seed savings are shown with their mean and SD, as one seed's count is noisy (the
// confidence creeps towards a target, and a lucky batch crosses it early). A run that does
// not reach a target within --max-votes counts as max-votes. Pure computation: no server or
// database. Exits 1 when the saving at the main target (the last) is < 30% in either field.
import { readFileSync } from "node:fs";
import { type SimOptions, simulate } from "./bench-sampling-sim";

const arg = (name: string, dflt?: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;

const targets = (arg("targets") ?? arg("target") ?? "0.8,0.85,0.9")
  .split(",")
  .map(Number)
  .sort((x, y) => x - y);
const common = {
  targets,
  tolerance: Number(arg("tolerance", "1")),
  batch: Number(arg("batch", "100")),
  maxVotes: Number(arg("max-votes", "60000")),
  rounds: Number(arg("rounds", "200")),
  tieRate: 0.1,
};
const seeds = Number(arg("seeds", "10"));
const fields: { name: string; models: number; spread: number }[] = arg("models")
  ? [{ name: "custom field", models: Number(arg("models")), spread: Number(arg("spread", "150")) }]
  : [
      { name: "wide field", models: 30, spread: 300 },
      { name: "narrow field", models: 16, spread: 150 },
    ];
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

console.log(
  `bench:sampling — targets ${targets.join(", ")} (mean P(rank within ±${common.tolerance})), refit every ${common.batch} votes, ` +
    `${common.rounds} bootstrap rounds, ${seeds} seeds; load ${load()}`,
);
const mainSavings: number[] = [];
for (const field of fields) {
  console.log(`\n${field.name}: ${field.models} models, true strengths N(1000, ${field.spread}²)`);
  const uniform = targets.map(() => 0);
  const active = targets.map(() => 0);
  const perSeed: number[][] = targets.map(() => []);
  for (let seed = 1; seed <= seeds; seed++) {
    const o: SimOptions = { ...common, ...field, seed };
    const u = simulate("uniform", o);
    const a = simulate("active", o);
    const votes = (r: typeof u) => r.votes.map((v) => v ?? common.maxVotes);
    const [uv, av] = [votes(u), votes(a)];
    const show = (v: (number | null)[]) => v.map((x) => x ?? `>${common.maxVotes}`).join("/");
    console.log(
      `  seed ${String(seed).padStart(2)}: uniform ${show(u.votes)} · active ${show(a.votes)} votes` +
        ` (Kendall tau vs truth at the end: uniform ${u.tau.toFixed(3)}, active ${a.tau.toFixed(3)})`,
    );
    targets.forEach((_, t) => {
      uniform[t] += uv[t];
      active[t] += av[t];
      perSeed[t].push(1 - av[t] / uv[t]);
    });
  }
  targets.forEach((target, t) => {
    const s = perSeed[t];
    const mean = s.reduce((x, y) => x + y, 0) / s.length;
    const sd = Math.sqrt(s.reduce((x, y) => x + (y - mean) ** 2, 0) / Math.max(1, s.length - 1));
    const saving = 1 - active[t] / uniform[t];
    if (t === targets.length - 1) mainSavings.push(saving);
    console.log(
      `  target ${target}: mean votes uniform ${Math.round(uniform[t] / seeds)}, active ${Math.round(active[t] / seeds)} → ` +
        `saving ${pct(saving)} (per seed: mean ${pct(mean)}, SD ${pct(sd)}, min ${pct(Math.min(...s))}, max ${pct(Math.max(...s))})`,
    );
  });
}
const met = mainSavings.every((x) => x >= 0.3);
console.log(
  `\ngoal: ≥ 30% fewer votes at target ${targets.at(-1)} in every field: ${met ? "met" : "NOT met"} ` +
    `(${mainSavings.map(pct).join(", ")}); load ${load()}`,
);
process.exitCode = met ? 0 : 1;
