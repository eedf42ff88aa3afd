import { aggregateBattles, computeLeaderboard } from "../index";
import type { Outcome } from "../types";

/**
 * A criterion's board is fitted, and shown, only once it has this many counted votes. Below
 * it a per-criterion order is mostly noise (with a handful of models, 100 votes leave each
 * pair a dozen or so comparisons and intervals of ±100 points or more), and a board that
 * flips with every vote would be read as a finding. The page says how many are still needed.
 */
export const CRITERION_MIN_VOTES = 100;

/** One counted per-criterion answer, in the fit's terms (ties fitted as half a win). */
export interface CriterionVote {
  criterion: string;
  modelA: string;
  modelB: string;
  outcome: Outcome;
}

export interface CriterionRow {
  model: string;
  rating: number;
  ciLower: number | null;
  ciUpper: number | null;
  rankUb: number;
  numBattles: number;
}

export type CriterionBoard =
  | { criterion: string; status: "ok"; numVotes: number; minVotes: number; rows: CriterionRow[] }
  | { criterion: string; status: "needs_votes"; numVotes: number; minVotes: number; needed: number };

/**
 * One Bradley-Terry fit per criterion (lib/ratings, sandwich intervals, mean 1000 per
 * connected group), over that criterion's answers only. Criteria listed but without votes
 * still get an entry, so a page can say how many votes each one lacks.
 */
export function criterionBoards(
  votes: readonly CriterionVote[],
  criteria: readonly string[],
  { minVotes = CRITERION_MIN_VOTES }: { minVotes?: number } = {},
): CriterionBoard[] {
  const by = new Map<string, CriterionVote[]>(criteria.map((c) => [c, []]));
  for (const v of votes) by.get(v.criterion)?.push(v);
  return criteria.map((criterion): CriterionBoard => {
    const list = (by.get(criterion) ?? []).filter((v) => v.modelA !== v.modelB);
    if (list.length < minVotes) {
      return {
        criterion,
        status: "needs_votes",
        numVotes: list.length,
        minVotes,
        needed: minVotes - list.length,
      };
    }
    const fit = computeLeaderboard(aggregateBattles(list), { ci: "sandwich" });
    return {
      criterion,
      status: "ok",
      numVotes: list.length,
      minVotes,
      rows: fit.leaderboard.map((r) => ({
        model: r.model,
        rating: r.rating,
        ciLower: r.ciLower,
        ciUpper: r.ciUpper,
        rankUb: r.rankUb,
        numBattles: r.numBattles,
      })),
    };
  });
}
