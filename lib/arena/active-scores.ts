// Where the next votes do most for the ranking: the active sampler's plan
// (lib/arena/samplers.ts). Pure and deterministic in its inputs, so the probability a battle
// records is exactly the one it was drawn with.
import { cholesky, choleskyInverse } from "@/lib/ratings/linalg";

export interface ScoredCandidate {
  id: string;
  /** Sampling weight ≥ 0; 0 means never drawn. */
  weight: number;
  /** Current rating (Elo scale) from the latest leaderboard snapshot, if the model has one. */
  rating?: number | null;
}

export const pairKey = (x: string, y: string): string => (x < y ? `${x}|${y}` : `${y}|${x}`);

const ELO_PER_NAT = 400 / Math.LN10;
/**
 * Prior information on every rating (a quarter of an even vote): keeps the information matrix
 * invertible before the field is connected, like a prior of SD 2 nats (≈ 350 Elo) per model
 * that stops mattering after a few votes.
 */
const PRIOR_INFORMATION = 0.25;
/**
 * Rank errors the plan does not pay to remove: a model one place off. Neighbours that are
 * nearly tied take a great many votes to order, and their order moves nobody more than one
 * place, so only pairs at least RANK_TOLERANCE + 1 places apart in the current fit count as
 * misorderings (a rank more than one place off needs at least one of those).
 */
const RANK_TOLERANCE = 1;
/** Pairs further apart than this many standard errors (Φ(−6) ≈ 1e-9) are ordered for good and left out. */
const SETTLED_Z = 6;
/**
 * The plan gives votes only to pairs at most this many places apart (and any pair with a
 * newcomer): farther pairs tell little per vote (p(1−p) is small) about orders that are in
 * doubt only locally, and the floor still draws them. Keeps a plan over 100 models cheap.
 */
const PLAN_REACH = 4;
/** The plan covers the next quarter of the votes so far, and at least this many. */
const MIN_HORIZON = 100;
const HORIZON_SHARE = 0.25;
/** Greedy steps per plan: each gives horizon/PLAN_STEPS votes to one pair. */
const PLAN_STEPS = 50;

/** Φ(−x) for x ≥ 0, via Numerical Recipes' erfc (relative error < 1.2e-7, so tails stay accurate). */
export function normalTail(x: number): number {
  const z = x / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806];
  const d = [0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
  let poly = 0;
  for (let k = d.length - 1; k >= 0; k--) poly = poly * t + d[k];
  for (let k = c.length - 1; k >= 0; k--) poly = poly * t + c[k];
  return 0.5 * t * Math.exp(poly - z * z);
}

/**
 * How the next votes should be spread over the pairs (i < j, in candidate order): each
 * entry is the share of the plan's votes that pair gets; they sum to 1, or are all 0 when no
 * vote would change anything. The plan minimises the expected number of misordered pairs
 *   F = Σ_{(i,k) ≥ RANK_TOLERANCE+1 places apart} Φ(−|θ_i − θ_k| / σ_ik)
 * after the next H = max(MIN_HORIZON, N/4) votes (N = votes so far), greedily: PLAN_STEPS
 * times, give H/PLAN_STEPS votes to the pair whose votes lower F most (× its weights w_i·w_j).
 * - The covariance Σ of the ratings is the inverse of the Fisher information of the counted
 *   votes (n_ij·p_ij(1−p_ij) on each pair: Bradley-Terry's Laplacian) plus a small prior, so
 *   σ_ik² = Var(θ_i − θ_k) includes what comparisons through third models tell.
 * - h votes on (a, b) add c = h·p_ab(1−p_ab) along u = e_a − e_b, which lowers σ_ik² by
 *   c·(e_ikᵀΣu)²/(1 + c·uᵀΣu) (Sherman–Morrison); the plan then updates Σ the same way.
 * Votes thus go to pairs that separate models whose order is still in doubt, directly or
 * through a shared neighbour, and not to pairs already far apart or to neighbours too close
 * for any affordable number of votes to order. Planning the whole horizon (rather than
 * drawing in proportion to each pair's value for one vote) keeps the votes on the few pairs
 * that matter instead of spreading them thin. A model without a rating sits at the most
 * unknown distance from every other (see misorder below), so newcomers are drawn early.
 */
export function activePairPlan(
  candidates: readonly ScoredCandidate[],
  pairVotes: ReadonlyMap<string, number>,
): number[] {
  const m = candidates.length;
  const theta = candidates.map((c) => (typeof c.rating === "number" ? c.rating / ELO_PER_NAT : null));
  const p = (i: number, j: number) => {
    const a = theta[i];
    const b = theta[j];
    return a === null || b === null ? 0.5 : 1 / (1 + Math.exp(b - a));
  };
  // Without two ratings there is no order to firm up yet: no plan (the weights decide).
  if (theta.filter((t) => t !== null).length < 2) return new Array<number>((m * (m - 1)) / 2).fill(0);
  const cov = ratingCovariance(candidates, pairVotes, p);
  const place = rankPlaces(theta);
  const targets = misorderTargets(theta, place, cov);
  const T = targets.i.length;

  // Every pair's slot in the result; the plan considers those within PLAN_REACH places.
  const pairs: { slot: number; a: number; b: number; c: number; w: number }[] = [];
  let votesSoFar = 0;
  for (let a = 0, slot = 0; a < m; a++)
    for (let b = a + 1; b < m; b++, slot++) {
      votesSoFar += pairVotes.get(pairKey(candidates[a].id, candidates[b].id)) ?? 0;
      const w = candidates[a].weight * candidates[b].weight;
      // NaN places (newcomers) compare false: such pairs stay in.
      if (!(w > 0) || Math.abs(place[a] - place[b]) > PLAN_REACH) continue;
      const q = p(a, b);
      pairs.push({ slot, a, b, c: q * (1 - q), w });
    }
  const h = Math.max(MIN_HORIZON, HORIZON_SHARE * votesSoFar) / PLAN_STEPS;
  // A pair with a newcomer (d < 0) has an unknown distance, as far as a draw from the field's
  // spread s: P(misordered) = P(X·(X + E) < 0) for X ~ N(0, s²), E ~ N(0, σ²) = atan(σ/s)/π.
  const spread = fieldSpread(theta);
  const misorder = (d: number, v: number) =>
    d >= 0 ? normalTail(d / Math.sqrt(v)) : Math.atan(Math.sqrt(v) / spread) / Math.PI;
  const variance = (i: number, k: number) => cov[i * m + i] + cov[k * m + k] - 2 * cov[i * m + k];
  const tv = new Float64Array(T);
  const tf = new Float64Array(T);
  const refreshTargets = () => {
    for (let t = 0; t < T; t++) {
      tv[t] = variance(targets.i[t], targets.k[t]);
      tf[t] = misorder(targets.d[t], tv[t]);
    }
  };
  refreshTargets();
  const gainOf = ({ a, b, c: c1, w }: (typeof pairs)[number]) => {
    const c = h * c1;
    const f = c / (1 + c * variance(a, b));
    let gain = 0;
    for (let t = 0; t < T; t++) {
      const ri = targets.i[t] * m;
      const rk = targets.k[t] * m;
      const g = cov[ri + a] - cov[ri + b] - cov[rk + a] + cov[rk + b];
      const drop = f * g * g;
      if (drop <= 1e-12 * tv[t]) continue;
      gain += tf[t] - misorder(targets.d[t], Math.max(tv[t] - drop, Number.MIN_VALUE));
    }
    return w * gain;
  };

  // Lazy greedy: a pair's gain mostly shrinks as Σ does, so last step's gain stands in as a
  // bound and only the front-runners are recomputed each step.
  const bound = pairs.map(gainOf);
  const fresh = new Uint8Array(pairs.length);
  const alloc = new Array<number>((m * (m - 1)) / 2).fill(0);
  const col = new Float64Array(m);
  for (let step = 0; step < PLAN_STEPS && pairs.length > 0; step++) {
    fresh.fill(0);
    let best = 0;
    for (;;) {
      best = 0;
      for (let k = 1; k < pairs.length; k++) if (bound[k] > bound[best]) best = k;
      if (fresh[best] || !(bound[best] > 0)) break;
      bound[best] = gainOf(pairs[best]);
      fresh[best] = 1;
    }
    if (!(bound[best] > 0)) break;
    const { slot, a, b, c: c1 } = pairs[best];
    alloc[slot] += 1 / PLAN_STEPS;
    const c = h * c1;
    for (let i = 0; i < m; i++) col[i] = cov[i * m + a] - cov[i * m + b];
    const f = c / (1 + c * (col[a] - col[b]));
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) cov[i * m + j] -= f * col[i] * col[j];
    refreshTargets();
  }
  const total = alloc.reduce((s, x) => s + x, 0);
  return total > 0 ? alloc.map((x) => x / total) : alloc;
}

function ratingCovariance(
  candidates: readonly ScoredCandidate[],
  pairVotes: ReadonlyMap<string, number>,
  p: (i: number, j: number) => number,
): Float64Array {
  const m = candidates.length;
  const info = new Float64Array(m * m);
  for (let i = 0; i < m; i++) info[i * m + i] = PRIOR_INFORMATION;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const n = pairVotes.get(pairKey(candidates[i].id, candidates[j].id)) ?? 0;
      if (!(n > 0)) continue;
      const q = p(i, j);
      const c = n * q * (1 - q);
      info[i * m + i] += c;
      info[j * m + j] += c;
      info[i * m + j] -= c;
      info[j * m + i] -= c;
    }
  }
  // A Laplacian plus a positive diagonal is positive definite.
  if (!cholesky(info, m)) throw new Error("active sampler: information matrix not positive definite");
  return choleskyInverse(info, m);
}

/** SD of the known ratings (nats): how far a newcomer may land from any one model. */
function fieldSpread(theta: readonly (number | null)[]): number {
  const known = theta.filter((t): t is number => t !== null);
  const mean = known.reduce((s, t) => s + t, 0) / known.length;
  const sd = Math.sqrt(known.reduce((s, t) => s + (t - mean) ** 2, 0) / known.length);
  // Two models at the same rating say little about the spread: never below 50 Elo.
  return Math.max(sd, 50 / ELO_PER_NAT);
}

/** Place of each model in the current order (0 = best); NaN for a model without a rating. */
function rankPlaces(theta: readonly (number | null)[]): number[] {
  const rated = [...theta.keys()].filter((i) => theta[i] !== null);
  rated.sort((x, y) => (theta[y] as number) - (theta[x] as number) || x - y);
  const place = theta.map(() => Number.NaN);
  rated.forEach((i, r) => {
    place[i] = r;
  });
  return place;
}

/** Pairs whose order still matters (far enough apart in places, not yet settled) and their distance d (−1: unknown). */
function misorderTargets(theta: readonly (number | null)[], place: readonly number[], cov: Float64Array) {
  const m = theta.length;
  const out = { i: [] as number[], k: [] as number[], d: [] as number[] };
  for (let i = 0; i < m; i++) {
    for (let k = i + 1; k < m; k++) {
      const a = theta[i];
      const b = theta[k];
      const known = a !== null && b !== null;
      if (known && Math.abs(place[i] - place[k]) <= RANK_TOLERANCE) continue;
      const sigma = Math.sqrt(cov[i * m + i] + cov[k * m + k] - 2 * cov[i * m + k]);
      const d = known ? Math.abs(a - b) : -1;
      if (d > SETTLED_Z * sigma) continue;
      out.i.push(i);
      out.k.push(k);
      out.d.push(d);
    }
  }
  return out;
}
