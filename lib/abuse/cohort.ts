// Cohort screening: the votes sent from one address (keyed hash), pooled over every
// voter cookie seen there, tested against ratings fitted WITHOUT those votes. Pure.
//
// Why pooled: an attacker who takes a new cookie every few votes (bench strategy b)
// never gives one identity enough votes to stand out, but their votes still come from
// one address and all push one model. Why leave-out: once some of the attack counts,
// the fitted ratings already believe in it, and a test against them grows blind (with
// all votes in, a rigged model's pushers look "likely").
//
// Why members, not the address: a campus or office behind one NAT is many honest
// voters. A cohort verdict names only the members whose own votes follow the pattern
// (nearly all their votes on that model for it, or against it); the others keep counting.
import { computeLeaderboard, type Outcome, type PairCount } from "@/lib/ratings";
import { targetFixation, winProbability } from "./detectors";
import { decide, type Policy, type Verdict } from "./policy";
import type { Signal, VoteEvidence } from "./types";

/** Removes `votes` (those that count) from counted pair cells; cells never go below zero. */
export function withoutVotes(cells: readonly PairCount[], votes: readonly VoteEvidence[]): PairCount[] {
  // Canonical keys: a decisive cell is (winner, loser); a tie cell is the sorted pair.
  const counts = new Map<string, { a: string; b: string; outcome: Outcome; n: number }>();
  const add = (a: string, b: string, outcome: Outcome, n: number) => {
    const [x, y, o]: [string, string, Outcome] =
      outcome === "model_b"
        ? [b, a, "model_a"]
        : outcome === "model_a"
          ? [a, b, outcome]
          : a < b
            ? [a, b, outcome]
            : [b, a, outcome];
    const key = `${x}\u0000${y}\u0000${o}`;
    const c = counts.get(key) ?? { a: x, b: y, outcome: o, n: 0 };
    c.n += n;
    counts.set(key, c);
  };
  for (const c of cells) add(c.modelA, c.modelB, c.outcome, c.count);
  for (const v of votes) {
    if (v.counted === false) continue;
    const outcome: Outcome =
      v.choice === "left"
        ? "model_a"
        : v.choice === "right"
          ? "model_b"
          : v.choice === "tie"
            ? "tie"
            : "tie (bothbad)";
    add(v.modelLeft, v.modelRight, outcome, -1);
  }
  return [...counts.values()]
    .filter((c) => c.n > 0)
    .map((c) => ({ modelA: c.a, modelB: c.b, outcome: c.outcome, count: c.n }));
}

/** Fewer counted votes than this make no reference: model-based tests wait for more. */
const MIN_REFERENCE_VOTES = 30;

/**
 * Elo-scale ratings by model from counted cells (no intervals: a point estimate is enough
 * here). A light ridge keeps a model that won every one of a handful of votes from an
 * infinite rating, which would make any vote against it look impossible.
 */
export function fitRatings(cells: readonly PairCount[]): Record<string, number> {
  if (cells.reduce((n, c) => n + c.count, 0) < MIN_REFERENCE_VOTES) return {};
  const res = computeLeaderboard(cells, { ci: "none", ridge: 0.5 });
  return Object.fromEntries(res.leaderboard.map((r) => [r.model, r.rating]));
}

interface ModelTally {
  /** Decisive votes involving the model, its wins, expected wins and their variance. */
  n: number;
  w: number;
  e: number;
  v: number;
}

function tally(votes: readonly VoteEvidence[], ratings: Readonly<Record<string, number>>) {
  const byModel = new Map<string, ModelTally>();
  const add = (model: string, won: number, p: number) => {
    const t = byModel.get(model) ?? { n: 0, w: 0, e: 0, v: 0 };
    t.n += 1;
    t.w += won;
    t.e += p;
    t.v += p * (1 - p);
    byModel.set(model, t);
  };
  for (const vote of votes) {
    if (vote.choice !== "left" && vote.choice !== "right") continue;
    const winner = vote.choice === "left" ? vote.modelLeft : vote.modelRight;
    const loser = vote.choice === "left" ? vote.modelRight : vote.modelLeft;
    if (ratings[winner] === undefined || ratings[loser] === undefined) continue;
    const p = winProbability(ratings[winner], ratings[loser]);
    add(winner, 1, p);
    add(loser, 0, 1 - p);
  }
  return byModel;
}

const zOf = (t: ModelTally) => (t.v > 0 ? (t.w - t.e) / Math.sqrt(t.v) : 0);

export interface CohortOptions {
  /**
   * Least excess win share (wins − expected, per decisive vote) for a cohort to count as
   * fixated: rigging moves it by ~0.5 (every vote for the model), a group of honest voters
   * who simply like a model more than the crowd by a few percent.
   */
  minEffect: number;
  /** A member follows the pattern with at least this many decisive votes on the model… */
  memberMinVotes: number;
  /** …of which at least this share went the cohort's way… */
  memberShare: number;
  /** …and a z-score of their own at least this high (against the same leave-out ratings). */
  memberZ: number;
}

export const DEFAULT_COHORT: CohortOptions = {
  minEffect: 0.25,
  memberMinVotes: 3,
  memberShare: 0.9,
  memberZ: 1.5,
};

/**
 * Cohort fixation: the model whose wins in the cohort's pooled votes are furthest above
 * (or below: a pushed-down rival) what `ratings` predict, as |z|. The score is 0 unless
 * the excess is large (`minEffect`). `detail.members` lists the voters who follow it.
 */
export function cohortFixation(
  votes: readonly VoteEvidence[],
  ratings: Readonly<Record<string, number>>,
  opts: CohortOptions = DEFAULT_COHORT,
): Signal {
  const pooled = tally(votes, ratings);
  let best: { model: string; z: number; effect: number; n: number } | null = null;
  for (const [model, t] of pooled) {
    const z = zOf(t);
    const effect = (t.w - t.e) / t.n;
    if (Math.abs(effect) < opts.minEffect) continue;
    if (!best || Math.abs(z) > Math.abs(best.z)) best = { model, z, effect, n: t.n };
  }
  if (!best) return { detector: "cohort_fixation", score: 0, n: 0, detail: { members: [] } };
  const up = best.z > 0;
  const byVoter = new Map<string, VoteEvidence[]>();
  for (const v of votes) byVoter.set(v.voterId, [...(byVoter.get(v.voterId) ?? []), v]);
  const members: string[] = [];
  for (const [voterId, own] of byVoter) {
    const t = tally(own, ratings).get(best.model);
    if (!t || t.n < opts.memberMinVotes) continue;
    const share = up ? t.w / t.n : 1 - t.w / t.n;
    const z = up ? zOf(t) : -zOf(t);
    if (share >= opts.memberShare && z >= opts.memberZ) members.push(voterId);
  }
  return {
    detector: "cohort_fixation",
    score: Math.abs(best.z),
    n: best.n,
    detail: {
      model: best.model,
      direction: up ? "up" : "down",
      effect: best.effect,
      voters: byVoter.size,
      members,
    },
  };
}

/** Counted vote cells and the ratings fitted from them. */
export interface Fit {
  cells: PairCount[];
  ratings: Record<string, number>;
}

/** Below this |z| against the plain fit nothing is refitted (the common, honest case). */
const PRESCREEN_Z = 2;

/** The ratings to test `votes` against: refitted without them when they stand out. */
export function ratingsFor(votes: readonly VoteEvidence[], fit: Fit): Record<string, number> {
  const pre = cohortFixation(votes, fit.ratings, { ...DEFAULT_COHORT, minEffect: 0.1 });
  if (pre.score < PRESCREEN_Z && targetFixation(votes, fit.ratings).score < PRESCREEN_Z) return fit.ratings;
  return fitRatings(withoutVotes(fit.cells, votes));
}

/**
 * The address's voters to act on: the cohort test against leave-out ratings, applied
 * only to the members whose own votes follow the pattern (never the whole address: a
 * shared NAT is many honest voters). Null when the address holds a single voter.
 */
export function cohortVerdict(
  votes: readonly VoteEvidence[],
  fit: Fit,
  policy: Policy,
): { verdict: Verdict; signal: Signal; members: string[] } | null {
  const voters = new Set(votes.map((v) => v.voterId));
  if (voters.size < 2) return null;
  const signal = cohortFixation(votes, ratingsFor(votes, fit));
  const verdict = decide([signal], policy);
  // Members already fully excluded (quarantined earlier) need nothing more.
  const live = new Set(votes.filter((v) => v.counted !== false).map((v) => v.voterId));
  const members = (signal.detail.members as string[]).filter((id) => live.has(id));
  return { verdict, signal, members };
}

/** A battle dealt to a voter, and whether they voted on it (corpus and anonymous battles only). */
export interface DealEvidence {
  voterId: string;
  models: [string, string];
  voted: boolean;
}

const rate = (voted: number, n: number) => (n === 0 ? 0 : voted / n);

/**
 * Selective voting: votes cast on battles showing one model far more often than on the
 * rest (a two-proportion z-score). In corpus mode every answer's model is public, so a
 * bot can deal, skip every battle without its model and vote only when it appears; a
 * person votes on what they are dealt whichever models wrote it. `detail.members` lists
 * the voters who skip that way themselves (≥ 3 votes with the model, ≥ 90 % of those
 * battles voted, ≤ 20 % of ≥ 5 others).
 */
export function selectiveVoting(deals: readonly DealEvidence[]): Signal {
  const models = new Set(deals.flatMap((d) => d.models));
  let best: { model: string; z: number } | null = null;
  for (const m of models) {
    let n1 = 0;
    let v1 = 0;
    let n2 = 0;
    let v2 = 0;
    for (const d of deals) {
      const shown = d.models[0] === m || d.models[1] === m;
      if (shown) {
        n1++;
        v1 += d.voted ? 1 : 0;
      } else {
        n2++;
        v2 += d.voted ? 1 : 0;
      }
    }
    const p = (v1 + v2) / (n1 + n2);
    const se = Math.sqrt(p * (1 - p) * (1 / Math.max(n1, 1) + 1 / Math.max(n2, 1)));
    const z = n1 === 0 || n2 === 0 || se === 0 ? 0 : (rate(v1, n1) - rate(v2, n2)) / se;
    if (!best || z > best.z) best = { model: m, z };
  }
  if (!best || best.z <= 0)
    return { detector: "selective_voting", score: 0, n: deals.length, detail: { members: [] } };
  const byVoter = new Map<string, DealEvidence[]>();
  for (const d of deals) byVoter.set(d.voterId, [...(byVoter.get(d.voterId) ?? []), d]);
  const members: string[] = [];
  for (const [voterId, own] of byVoter) {
    const withM = own.filter((d) => d.models.includes(best.model));
    const without = own.filter((d) => !d.models.includes(best.model));
    const votedWith = withM.filter((d) => d.voted).length;
    if (
      votedWith >= 3 &&
      rate(votedWith, withM.length) >= 0.9 &&
      without.length >= 5 &&
      rate(without.filter((d) => d.voted).length, without.length) <= 0.2
    )
      members.push(voterId);
  }
  return {
    detector: "selective_voting",
    score: best.z,
    n: deals.length,
    detail: { model: best.model, voters: byVoter.size, members },
  };
}
