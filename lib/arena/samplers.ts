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
/** Pairs ∝ w_i·w_j × expected information × novelty, mixed with the weighted sampler (see drawActivePair). */
export const ACTIVE_SAMPLER: SamplerId = { name: "active", version: "1" };
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

/**
 * The active score of a pair, before normalisation:
 *   w_i·w_j × 4p(1−p) × 1/√(1+n_ij) × 1/√(1+min(n_i, n_j))
 * - 4p(1−p) (1 for an even match, → 0 for a foregone one) is the Fisher information of
 *   one Bradley-Terry comparison, scaled to [0, 1]: close pairs say the most about the
 *   order. A model without a rating counts as an even match.
 * - 1/√(1+n_ij) favours pairs that have rarely met, since each extra vote on a pair
 *   shrinks its uncertainty less.
 * - 1/√(1+min(n_i, n_j)) favours pairs containing a model with few votes, whose rating
 *   (and confidence interval) is the least settled.
 */
export function activeScore(a: SamplerCandidate, b: SamplerCandidate, stats: SamplerStats): number {
  const base = a.weight * b.weight;
  if (base <= 0) return 0;
  const known = typeof a.rating === "number" && typeof b.rating === "number";
  const p = known ? winProbability(a.rating as number, b.rating as number) : 0.5;
  const info = 4 * p * (1 - p);
  const nPair = stats.pairVotes.get(pairKey(a.id, b.id)) ?? 0;
  const nModel = Math.min(stats.modelVotes.get(a.id) ?? 0, stats.modelVotes.get(b.id) ?? 0);
  return (base * info) / Math.sqrt(1 + nPair) / Math.sqrt(1 + nModel);
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
  const pairs: { a: T; b: T; base: number; score: number }[] = [];
  for (let i = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++) {
      const [a, b] = [usable[i], usable[j]];
      pairs.push({ a, b, base: a.weight * b.weight, score: activeScore(a, b, stats) });
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
