// Pure detectors over server-side vote evidence. Each returns a Signal whose score the
// policy (policy.ts) compares with configured thresholds; none of them decides anything.
import type { Signal, VoteEvidence, VoterOrigin } from "./types";

export interface ReadingOptions {
  /** Words per second a voter can at best skim (both answers together). */
  skimWordsPerSecond: number;
  /** Below this a vote is too fast however short the answers (reaching for the button). */
  floorMs: number;
}

export const DEFAULT_READING: ReadingOptions = { skimWordsPerSecond: 15, floorMs: 1500 };

/** The least time a human needs to look at both answers before voting, in ms. */
export function minReadingMs(words: [number, number], opts: ReadingOptions = DEFAULT_READING): number {
  return Math.max(opts.floorMs, ((words[0] + words[1]) / opts.skimWordsPerSecond) * 1000);
}

/** Share of the voter's timed votes cast faster than the reading-time estimate. */
export function fastVotes(votes: readonly VoteEvidence[], opts: ReadingOptions = DEFAULT_READING): Signal {
  const timed = votes.filter((v) => v.timeToVoteMs !== null);
  const fast = timed.filter((v) => (v.timeToVoteMs as number) < minReadingMs(v.words, opts)).length;
  return {
    detector: "fast_votes",
    score: timed.length === 0 ? 0 : fast / timed.length,
    n: timed.length,
    detail: { fast, timed: timed.length },
  };
}

/** Longest run of consecutive equal non-null keys; a null key (tie, same length) breaks the run. */
function longestRun<T>(keys: readonly (T | null)[]): { length: number; key: T | null } {
  let best: { length: number; key: T | null } = { length: 0, key: null };
  let current = 0;
  let prev: T | null = null;
  for (const k of keys) {
    current = k !== null && k === prev ? current + 1 : k === null ? 0 : 1;
    prev = k;
    if (current > best.length) best = { length: current, key: k };
  }
  return best;
}

const byTime = (votes: readonly VoteEvidence[]) => [...votes].sort((a, b) => a.at - b.at);

/** Longest run of votes for the same screen side (ties and both-bad break it). */
export function sideStreak(votes: readonly VoteEvidence[]): Signal {
  const sides = byTime(votes).map((v) => (v.choice === "left" || v.choice === "right" ? v.choice : null));
  const run = longestRun(sides);
  return { detector: "side_streak", score: run.length, n: votes.length, detail: { side: run.key } };
}

/**
 * Longest run of votes for the longer answer. Answers within `tolerance` of each other
 * in length, ties and both-bad break the run (no preference shown).
 */
export function longerStreak(votes: readonly VoteEvidence[], tolerance = 0.1): Signal {
  const picks = byTime(votes).map((v) => {
    const [l, r] = v.words;
    if (Math.abs(l - r) <= tolerance * Math.max(l, r)) return null;
    if (v.choice !== "left" && v.choice !== "right") return null;
    return (v.choice === "left") === l > r ? "longer" : "shorter";
  });
  let best = 0;
  let current = 0;
  for (const p of picks) {
    current = p === "longer" ? current + 1 : 0;
    best = Math.max(best, current);
  }
  return { detector: "longer_streak", score: best, n: votes.length, detail: {} };
}

/** Most votes the voter cast within any window of `windowMs`. */
export function burst(votes: readonly VoteEvidence[], windowMs = 60_000): Signal {
  const times = votes.map((v) => v.at).sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return { detector: "burst", score: best, n: votes.length, detail: { windowMs } };
}

/**
 * Identity churn: how many distinct voter cookies were first seen from one IP hash within
 * `windowMs` of each other (the densest window). Scored per IP hash; the policy applies
 * it to every voter from that address.
 */
export function identityChurn(origins: readonly VoterOrigin[], windowMs = 86_400_000): Map<string, Signal> {
  const byIp = new Map<string, number[]>();
  for (const o of origins) {
    if (o.ipHash === null) continue;
    const list = byIp.get(o.ipHash) ?? [];
    list.push(o.firstSeenAt);
    byIp.set(o.ipHash, list);
  }
  const out = new Map<string, Signal>();
  for (const [ip, times] of byIp) {
    times.sort((a, b) => a - b);
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end] - times[start] >= windowMs) start++;
      best = Math.max(best, end - start + 1);
    }
    out.set(ip, { detector: "identity_churn", score: best, n: times.length, detail: { windowMs } });
  }
  return out;
}

/** P(first beats second) on the Elo scale of the leaderboard (400 points = 10:1 odds). */
export function winProbability(first: number, second: number): number {
  return 1 / (1 + 10 ** ((second - first) / 400));
}

type Ratings = Readonly<Record<string, number>>;

/** Decisive votes between two rated models, as (winner, loser, P(winner wins)). */
function decisive(votes: readonly VoteEvidence[], ratings: Ratings) {
  const out: { winner: string; loser: string; p: number }[] = [];
  for (const v of votes) {
    if (v.choice !== "left" && v.choice !== "right") continue;
    const winner = v.choice === "left" ? v.modelLeft : v.modelRight;
    const loser = v.choice === "left" ? v.modelRight : v.modelLeft;
    if (ratings[winner] === undefined || ratings[loser] === undefined) continue;
    out.push({ winner, loser, p: winProbability(ratings[winner], ratings[loser]) });
  }
  return out;
}

/**
 * Target fixation (the rigging signature): for each model, its wins in these votes
 * against what the fitted ratings predict, as a z-score. The score is the largest
 * z of any model with at least `minVotes` decisive votes (a model pushed up); `detail`
 * also names the most pushed-down model (an omnipresent attacker's rivals).
 */
export function targetFixation(votes: readonly VoteEvidence[], ratings: Ratings, minVotes = 5): Signal {
  const stats = new Map<string, { w: number; e: number; v: number; n: number }>();
  const add = (model: string, won: number, p: number) => {
    const s = stats.get(model) ?? { w: 0, e: 0, v: 0, n: 0 };
    s.w += won;
    s.e += p;
    s.v += p * (1 - p);
    s.n += 1;
    stats.set(model, s);
  };
  const dec = decisive(votes, ratings);
  for (const d of dec) {
    add(d.winner, 1, d.p);
    add(d.loser, 0, 1 - d.p);
  }
  let top = { model: null as string | null, z: 0, n: 0 };
  let bottom = { model: null as string | null, z: 0 };
  for (const [model, s] of stats) {
    if (s.n < minVotes || s.v === 0) continue;
    const z = (s.w - s.e) / Math.sqrt(s.v);
    if (z > top.z) top = { model, z, n: s.n };
    if (z < bottom.z) bottom = { model, z };
  }
  return {
    detector: "target_fixation",
    score: top.z,
    n: top.n,
    detail: { model: top.model, pushedDown: bottom.model, pushedDownZ: bottom.z },
  };
}

/**
 * Likelihood-ratio test of a voter against the fitted model: the log-likelihood of
 * their decisive votes, standardised by its mean and variance under the model. The
 * score is −z, so large means "these votes are unlikely if the voter judged like the
 * crowd" (Min et al.'s per-vote defence, pooled over the voter).
 */
export function likelihoodRatio(votes: readonly VoteEvidence[], ratings: Ratings): Signal {
  let ll = 0;
  let mean = 0;
  let variance = 0;
  const dec = decisive(votes, ratings);
  for (const { p } of dec) {
    const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
    ll += Math.log(q);
    mean += q * Math.log(q) + (1 - q) * Math.log(1 - q);
    variance += q * (1 - q) * Math.log(q / (1 - q)) ** 2;
  }
  const score = variance > 0 ? (mean - ll) / Math.sqrt(variance) : 0;
  return {
    detector: "likelihood_ratio",
    score,
    n: dec.length,
    detail: { logLikelihood: ll, expected: mean },
  };
}
