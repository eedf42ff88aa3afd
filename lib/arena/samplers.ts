// Pair samplers for both dealers: live battles (lib/live/start.ts) and corpus battles
// (lib/battles/deal-corpus.ts). Every draw returns the exact probability of the unordered pair
// it picked, which the battle stores, so a fit can re-weight votes by 1/p (inverse
// propensity) and undo whatever preference the sampler had.
import { activePairPlan, pairKey } from "./active-scores";
import { drawUniformPair, drawWeightedPair, type PairDraw, type Rng, UNIFORM_SAMPLER } from "./pairing";

export interface SamplerId {
  name: string;
  version: string;
}

/** Pairs ∝ w_i·w_j (per-model weights from the models file). */
export const WEIGHTED_SAMPLER: SamplerId = { name: "weighted", version: "1" };
/**
 * Pairs by a plan of where the next votes most lower the expected number of misordered
 * pairs (see activePairPlan), mixed with the weighted sampler. Version 1 scored expected
 * information × novelty; version 2 drew each pair in proportion to one vote's value to the
 * ranking, which spread the votes thin (25% fewer votes than uniform on a 30-model field);
 * version 3 plans the next votes as a whole (`npm run bench:sampling`).
 */
export const ACTIVE_SAMPLER: SamplerId = { name: "active", version: "3" };
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

export { pairKey };

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

export interface PairProbability<T> {
  a: T;
  b: T;
  probability: number;
}

// The live deal passes the same stats object for 10 s (lib/live/start.ts): plan once per
// stats and field, not once per battle. Stats are never mutated once built.
const plans = new WeakMap<SamplerStats, { field: string; shares: number[] }>();

function plannedShares(usable: readonly SamplerCandidate[], stats: SamplerStats): number[] {
  const field = usable.map((c) => `${c.id}\u0000${c.weight}\u0000${c.rating ?? ""}`).join("\u0001");
  const hit = plans.get(stats);
  if (hit?.field === field) return hit.shares;
  const shares = activePairPlan(usable, stats.pairVotes);
  plans.set(stats, { field, shares });
  return shares;
}

/** Every unordered pair with its active-sampler probability (they sum to 1). */
export function activePairProbabilities<T extends SamplerCandidate>(
  candidates: readonly T[],
  stats: SamplerStats,
): PairProbability<T>[] {
  const usable = candidates.filter((c) => c.weight > 0);
  if (usable.length < 2)
    throw new RangeError(`need at least two candidates with positive weight, got ${usable.length}`);
  const scores = plannedShares(usable, stats);
  const pairs: { a: T; b: T; base: number; score: number }[] = [];
  for (let i = 0, k = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++, k++) {
      const [a, b] = [usable[i], usable[j]];
      pairs.push({ a, b, base: a.weight * b.weight, score: scores[k] });
    }
  }
  const totalBase = pairs.reduce((s, p) => s + p.base, 0);
  const totalScore = pairs.reduce((s, p) => s + p.score, 0);
  // An empty plan (every pair settled, or none worth a vote): fall back to the weights.
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
