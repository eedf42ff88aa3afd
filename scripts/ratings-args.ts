import os from "node:os";
import { parseArgs } from "node:util";
import { DEFAULT_STYLE_FEATURES } from "@/lib/ratings/io/battle-parser";
import type { BootstrapMethod, CiMethod } from "@/lib/ratings/types";

export const HELP = `Usage: npm run ratings -- INPUT [options]

Fits a Bradley-Terry leaderboard (Elo scale: 400 points = 10:1 odds) from a battle file and
prints JSON on stdout. INPUT is JSONL (one battle a line) or a JSON array of battles with
model_a, model_b, winner (model_a | model_b | tie | "tie (bothbad)"); style columns
NAME_a / NAME_b and sampling_probability are read when needed. Ties and both-bad ties count half
a win each side; self-battles are dropped and counted. Without --anchor every connected group of
models is centred at mean 1000 (groups are listed in meta.groups).

Options:
  --ci bootstrap|sandwich|none  confidence intervals (default: bootstrap; sandwich with --style)
  --rounds N                    bootstrap rounds (default 1000)
  --bootstrap-method M          multinomial (default, the field's method) or poisson
  --seed S                      bootstrap seed (default 0); output is deterministic per seed
  --style                       style control: covariates (A−B)/(A+B+1), z-scored, per feature
                                (with --ci bootstrap every round refits all rows: ~1-2 min for
                                1M votes × 1000 rounds; sandwich takes about a second)
  --style-features a,b,...      style feature names (default ${DEFAULT_STYLE_FEATURES.join(",")})
  --ridge X                     L2 penalty ½·X·Σr² on log10-unit ratings (default 0; 0.5 with --style)
  --anchor MODEL=RATING         pin one model's rating (its group is shifted)
  --min-votes N                 hide models with fewer battles (default 0; lmarena uses 300)
  --ipw                         inverse-propensity weights 1/sampling_probability, normalised to N
  --lenient                     skip bad lines (counted in meta.skipped_lines) instead of exit code 2
  --matrices                    include win-rate / predicted / battle-count matrices in the output
  --threads N                   threads for reading and bootstrap (default min(2, cores))
  --out FILE                    write the JSON to FILE instead of stdout
  -h, --help                    show this help

Exit codes: 0 ok, 1 runtime error, 2 bad arguments or bad input line (message names the line).`;

export interface CliArgs {
  input: string;
  ci: CiMethod;
  rounds: number;
  bootstrapMethod: BootstrapMethod;
  seed: number;
  style: boolean;
  features: string[];
  ridge: number | undefined;
  anchor: { model: string; rating: number } | undefined;
  minVotes: number;
  ipw: boolean;
  lenient: boolean;
  matrices: boolean;
  threads: number;
  out: string | undefined;
}

export class UsageError extends Error {}

function num(name: string, raw: string | undefined, fallback: number, check: (v: number) => boolean): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v) || !check(v))
    throw new UsageError(`invalid --${name}: ${raw}`);
  return v;
}

export function parseCliArgs(argv: string[]): CliArgs | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ci: { type: "string" },
      rounds: { type: "string" },
      "bootstrap-method": { type: "string" },
      seed: { type: "string" },
      style: { type: "boolean" },
      "style-features": { type: "string" },
      ridge: { type: "string" },
      anchor: { type: "string" },
      "min-votes": { type: "string" },
      ipw: { type: "boolean" },
      lenient: { type: "boolean" },
      matrices: { type: "boolean" },
      threads: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  if (positionals.length !== 1) throw new UsageError("expected exactly one INPUT file");
  const style = !!values.style;
  const ci = (values.ci ?? (style ? "sandwich" : "bootstrap")) as CiMethod;
  if (!["bootstrap", "sandwich", "none"].includes(ci)) throw new UsageError(`invalid --ci: ${values.ci}`);
  const method = (values["bootstrap-method"] ?? "multinomial") as BootstrapMethod;
  if (method !== "multinomial" && method !== "poisson") {
    throw new UsageError(`invalid --bootstrap-method: ${method}`);
  }
  let anchor: CliArgs["anchor"];
  if (values.anchor !== undefined) {
    const at = values.anchor.lastIndexOf("=");
    const rating = Number(values.anchor.slice(at + 1));
    if (at <= 0 || !Number.isFinite(rating))
      throw new UsageError(`invalid --anchor (MODEL=RATING): ${values.anchor}`);
    anchor = { model: values.anchor.slice(0, at), rating };
  }
  const features = values["style-features"]
    ? values["style-features"].split(",").map((f) => f.trim())
    : DEFAULT_STYLE_FEATURES;
  if (features.some((f) => !f)) throw new UsageError("invalid --style-features");
  return {
    input: positionals[0],
    ci,
    rounds: num("rounds", values.rounds, 1000, (v) => Number.isInteger(v) && v >= 1),
    bootstrapMethod: method,
    seed: num("seed", values.seed, 0, (v) => Number.isInteger(v) && v >= 0),
    style,
    features,
    ridge: values.ridge === undefined ? undefined : num("ridge", values.ridge, 0, (v) => v >= 0),
    anchor,
    minVotes: num("min-votes", values["min-votes"], 0, (v) => v >= 0),
    ipw: !!values.ipw,
    lenient: !!values.lenient,
    matrices: !!values.matrices,
    threads: num(
      "threads",
      values.threads,
      Math.min(2, os.availableParallelism()),
      (v) => Number.isInteger(v) && v >= 1,
    ),
    out: values.out,
  };
}
