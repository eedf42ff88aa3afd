// The simulation behind `npm run bench:sampling`: a crowd voting from synthetic true
// strengths on pairs chosen uniformly or by the app's active sampler (lib/arena/samplers.ts),
// refitted as the app does after each batch, until the ranking is as sure as the target.
import { activePairProbabilities, drawFromPairs, pairKey, type SamplerStats } from "../lib/arena/samplers";
import { computeLeaderboard, type Outcome, type PairCount } from "../lib/ratings";
import { rankConfidence } from "../lib/ratings/diagnostics/rank-confidence";
import { seededRandom } from "../lib/testing/seeded-random";

export interface SimOptions {
  models: number;
  /** Spread (SD, Elo points) of the true strengths. */
  spread: number;
  /**
   * Targets, ascending: mean over models of P(bootstrap rank within `tolerance` places of the
   * fit's rank). One run records when it first reaches each and stops at the last.
   */
  targets: number[];
  tolerance: number;
  /** Votes between refits (the app refits after every few votes; the sampler reads the last fit). */
  batch: number;
  maxVotes: number;
  rounds: number;
  tieRate: number;
  seed: number;
}

export interface SimResult {
  sampler: "uniform" | "active";
  /** Per target: votes at which it was first reached, or null within maxVotes. */
  votes: (number | null)[];
  /** Confidence when the run stopped. */
  confidence: number;
  /** Kendall's tau between the fitted and the true order when the run stopped. */
  tau: number;
}

/** The same truth for both samplers: seeded by `seed` alone. */
export function truthFor(o: Pick<SimOptions, "models" | "spread" | "seed">): number[] {
  const rnd = seededRandom(o.seed * 7919 + 1);
  return Array.from({ length: o.models }, () => {
    const u = 1 - rnd();
    return 1000 + o.spread * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  });
}

/**
 * Rank confidence from the bootstrap rank distribution the diagnostics page shows: the mean
 * over models of P(bootstrap rank within `tolerance` places of the fitted rank).
 */
export function meanRankConfidence(counts: PairCount[], rounds: number, seed: number, tolerance = 0): number {
  const rc = rankConfidence(counts, { rounds, seed });
  if (rc.rows.length === 0) return 0;
  let sum = 0;
  for (const r of rc.rows) {
    let near = 0;
    for (let k = Math.max(0, r.rank - 1 - tolerance); k <= r.rank - 1 + tolerance; k++)
      near += r.rankCounts[k] ?? 0;
    sum += near / rc.rounds;
  }
  return sum / rc.rows.length;
}

function kendallTau(fitted: Map<string, number>, truth: number[]): number {
  let concordant = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    for (let j = i + 1; j < truth.length; j++) {
      const f = (fitted.get(`m${i}`) ?? 1000) - (fitted.get(`m${j}`) ?? 1000);
      const t = truth[i] - truth[j];
      total++;
      concordant += Math.sign(f) === Math.sign(t) ? 1 : -1;
    }
  }
  return concordant / total;
}

export function simulate(sampler: "uniform" | "active", o: SimOptions): SimResult {
  const truth = truthFor(o);
  const rnd = seededRandom(o.seed * 104729 + (sampler === "active" ? 2 : 1));
  const ids = truth.map((_, i) => `m${i}`);
  const cells = new Map<string, PairCount>();
  const pairVotes = new Map<string, number>();
  const modelVotes = new Map<string, number>();
  let ratings = new Map<string, number>();
  let votes = 0;
  let confidence = 0;
  const reached: (number | null)[] = o.targets.map(() => null);
  while (votes < o.maxVotes) {
    const stats: SamplerStats = { pairVotes, modelVotes };
    const candidates = ids.map((id) => ({ id, weight: 1, rating: ratings.get(id) ?? null }));
    const pairs = sampler === "active" ? activePairProbabilities(candidates, stats) : null;
    for (let k = 0; k < o.batch; k++) {
      let a: string;
      let b: string;
      if (pairs)
        ({
          a: { id: a },
          b: { id: b },
        } = drawFromPairs(pairs, rnd));
      else {
        const i = Math.floor(rnd() * ids.length);
        let j = Math.floor(rnd() * (ids.length - 1));
        if (j >= i) j++;
        [a, b] = [ids[i], ids[j]];
      }
      const pa = 1 / (1 + 10 ** ((truth[Number(b.slice(1))] - truth[Number(a.slice(1))]) / 400));
      const outcome: Outcome = rnd() < o.tieRate ? "tie" : rnd() < pa ? "model_a" : "model_b";
      const key = `${a}|${b}|${outcome}`;
      const cell = cells.get(key) ?? { modelA: a, modelB: b, outcome, count: 0 };
      cell.count++;
      cells.set(key, cell);
      pairVotes.set(pairKey(a, b), (pairVotes.get(pairKey(a, b)) ?? 0) + 1);
      modelVotes.set(a, (modelVotes.get(a) ?? 0) + 1);
      modelVotes.set(b, (modelVotes.get(b) ?? 0) + 1);
    }
    votes += o.batch;
    const counts = [...cells.values()];
    ratings = new Map(computeLeaderboard(counts, { ci: "none" }).leaderboard.map((r) => [r.model, r.rating]));
    confidence = meanRankConfidence(counts, o.rounds, o.seed, o.tolerance);
    o.targets.forEach((t, k) => {
      if (reached[k] === null && confidence >= t) reached[k] = votes;
    });
    if (reached.every((v) => v !== null)) break;
  }
  return { sampler, votes: reached, confidence, tau: kendallTau(ratings, truth) };
}
