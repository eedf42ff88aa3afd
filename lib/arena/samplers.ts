// Pair samplers for both dealers: live battles (lib/live/start.ts) and corpus battles
// (lib/battles/deal-corpus.ts). Every draw returns the exact probability of the unordered pair
// it picked, which the battle stores, so a fit can re-weight votes by 1/p (inverse
// propensity) and undo whatever preference the sampler had.
import { drawUniformPair, drawWeightedPair, type PairDraw, type Rng, UNIFORM_SAMPLER } from "./pairing";

export interface SamplerId {
  name: string;
  version: string;
}

/** Pairs ∝ w_i·w_j (per-model weights from the models file). */
export const WEIGHTED_SAMPLER: SamplerId = { name: "weighted", version: "1" };
/**
 * Pairs ∝ w_i·w_j × how much one vote would firm up the ranking (see activePairScores), mixed
 * with the weighted sampler. Version 1 scored expected information × novelty; version 2
 * reached the same rank confidence with fewer votes in `npm run bench:sampling`.
 */
export const ACTIVE_SAMPLER: SamplerId = { name: "active", version: "2" };
/** The voter picked both models: the pair had probability 1 and says nothing about the population. */
export const NAMED_SAMPLER: SamplerId = { name: "named", version: "1" };
/** Corpus battles: a uniform pair among the active models that answered the drawn prompt. */
export const CORPUS_SAMPLER: SamplerId = {
  name: `corpus-${UNIFORM_SAMPLER.name}`,
  version: UNIFORM_SAMPLER.version,
};
/** Same pair as a parent battle ("Regenerate" after the reveal): deterministic given parent_battle_id. */
export const REGENERATE_SAMPLER: SamplerId = { name: "regenerate", version: "1" };

export type SamplerName = "weighted" | "active";

export interface SamplerCandidate {
  id: string;
  /** Sampling weight ≥ 0; 0 means never drawn. */
  weight: number;
  /** Current rating (Elo scale) from the latest leaderboard snapshot, if the model has one. */
  rating?: number | null;
}

export interface SamplerStats {
  /** Counted votes per unordered pair, keyed by pairKey(idA, idB). */
  pairVotes: ReadonlyMap<string, number>;
  /** Counted votes per model (any opponent). */
  modelVotes: ReadonlyMap<string, number>;
}

export const pairKey = (x: string, y: string): string => (x < y ? `${x}|${y}` : `${y}|${x}`);

/**
 * Share of the draw that ignores the statistics and follows the weights alone. It keeps
 * every pair with positive weights at probability ≥ ACTIVE_FLOOR·w_i·w_j/Σw·w, so
 * inverse-propensity weights stay bounded however lopsided the active scores become.
 */
export const ACTIVE_FLOOR = 0.1;

/** Bradley-Terry win probability on the Elo scale (400 points = 10:1 odds). */
export function winProbability(ri: number, rj: number): number {
  return 1 / (1 + 10 ** ((rj - ri) / 400));
}

const ELO_PER_NAT = 400 / Math.LN10;
/** Prior information on every rating (a quarter of an even vote), so a model without votes has a finite variance. */
const PRIOR_INFORMATION = 0.25;
const normalDensity = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/**
 * Active scores of every pair (i < j, in candidate order), before normalisation:
 *   w_i·w_j × p(1−p) × (G_i/I_i² + G_j/I_j²)
 * - I_i = prior + Σ_k n_ik·p_ik(1−p_ik): the Fisher information on model i's rating from its
 *   own votes, so Var(θ_i) ≈ 1/I_i; one vote on (i, j) adds p(1−p) to I_i and I_j, cutting
 *   that variance by p(1−p)/I_i².
 * - G_i = Σ_k φ(d_ik/σ_ik)·d_ik/σ_ik³ with d = |θ_i − θ_k|, σ_ik² = 1/I_i + 1/I_k: how fast the
 *   chance that i is misordered against the others, Σ Φ(−d/σ), falls as Var(θ_i) does. It
 *   vanishes both for models far from everyone (already placed) and for exact ties (no vote
 *   count would order them), which is where the information × novelty score of version 1
 *   spent its votes.
 * A model without a rating counts as at the most uncertain distance (d = σ) from every
 * other, so newcomers are drawn early.
 */
export function activePairScores(candidates: readonly SamplerCandidate[], stats: SamplerStats): number[] {
  const m = candidates.length;
  const theta = candidates.map((c) => (typeof c.rating === "number" ? c.rating / ELO_PER_NAT : null));
  const p = (i: number, j: number) => {
    const a = theta[i];
    const b = theta[j];
    return a === null || b === null ? 0.5 : 1 / (1 + Math.exp(b - a));
  };
  const info = new Float64Array(m).fill(PRIOR_INFORMATION);
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const n = stats.pairVotes.get(pairKey(candidates[i].id, candidates[j].id)) ?? 0;
      if (n === 0) continue;
      const v = n * p(i, j) * (1 - p(i, j));
      info[i] += v;
      info[j] += v;
    }
  }
  const g = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let k = i + 1; k < m; k++) {
      const sigma = Math.sqrt(1 / info[i] + 1 / info[k]);
      const a = theta[i];
      const b = theta[k];
      const d = a === null || b === null ? sigma : Math.abs(a - b);
      const v = (normalDensity(d / sigma) * d) / sigma ** 3;
      g[i] += v;
      g[k] += v;
    }
  }
  const scores: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const base = candidates[i].weight * candidates[j].weight;
      const q = p(i, j);
      scores.push(base > 0 ? base * q * (1 - q) * (g[i] / info[i] ** 2 + g[j] / info[j] ** 2) : 0);
    }
  }
  return scores;
}

export interface PairProbability<T> {
  a: T;
  b: T;
  probability: number;
}

/** Every unordered pair with its active-sampler probability (they sum to 1). */
export function activePairProbabilities<T extends SamplerCandidate>(
  candidates: readonly T[],
  stats: SamplerStats,
): PairProbability<T>[] {
  const usable = candidates.filter((c) => c.weight > 0);
  if (usable.length < 2)
    throw new RangeError(`need at least two candidates with positive weight, got ${usable.length}`);
  const scores = activePairScores(usable, stats);
  const pairs: { a: T; b: T; base: number; score: number }[] = [];
  for (let i = 0, k = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++, k++) {
      const [a, b] = [usable[i], usable[j]];
      pairs.push({ a, b, base: a.weight * b.weight, score: scores[k] });
    }
  }
  const totalBase = pairs.reduce((s, p) => s + p.base, 0);
  const totalScore = pairs.reduce((s, p) => s + p.score, 0);
  // All scores can underflow to 0 (every pair decided and heavily voted): fall back to the weights.
  const floor = totalScore > 0 ? ACTIVE_FLOOR : 1;
  return pairs.map(({ a, b, base, score }) => ({
    a,
    b,
    probability: floor * (base / totalBase) + (1 - floor) * (totalScore > 0 ? score / totalScore : 0),
  }));
}

/** Draws one pair from explicit pair probabilities; order within the pair and the left side are fair coins. */
export function drawFromPairs<T>(pairs: readonly PairProbability<T>[], rng: Rng = Math.random): PairDraw<T> {
  if (pairs.length === 0) throw new RangeError("no pairs to draw from");
  let target = rng();
  let chosen = pairs[pairs.length - 1];
  for (const pair of pairs) {
    target -= pair.probability;
    if (target < 0) {
      chosen = pair;
      break;
    }
  }
  const [a, b] = rng() < 0.5 ? [chosen.b, chosen.a] : [chosen.a, chosen.b];
  return { a, b, probability: chosen.probability, shownLeft: rng() < 0.5 ? "a" : "b" };
}

export function drawActivePair<T extends SamplerCandidate>(
  candidates: readonly T[],
  stats: SamplerStats,
  rng: Rng = Math.random,
): PairDraw<T> {
  return drawFromPairs(activePairProbabilities(candidates, stats), rng);
}

/** Draws with the named sampler and says which one it was, for the battle row. */
export function drawLivePair<T extends SamplerCandidate>(
  sampler: SamplerName,
  candidates: readonly T[],
  stats: SamplerStats,
  rng: Rng = Math.random,
): PairDraw<T> & { sampler: SamplerId } {
  return sampler === "active"
    ? { ...drawActivePair(candidates, stats, rng), sampler: ACTIVE_SAMPLER }
    : { ...drawWeightedPair(candidates, rng), sampler: WEIGHTED_SAMPLER };
}

/**
 * A corpus battle's draw: a uniformly random prompt among those at least two active models
 * answered (index floor(u·n) of the database's draw pool, lib/db/battles.ts), then a
 * uniform pair of its answers. The recorded probability is the pair's given the prompt, as
 * every prompt is equally likely.
 */
export function drawCorpusPair<T>(
  answers: readonly T[],
  rng: Rng = Math.random,
): PairDraw<T> & { sampler: SamplerId } {
  return { ...drawUniformPair(answers, rng), sampler: CORPUS_SAMPLER };
}
