import MiniSearch from "minisearch";
import { computeLeaderboard, type LeaderboardRow, type PairCount } from "@/lib/ratings";

// "A leaderboard for prompts like mine": every battle is weighted by how similar its
// prompt is to the query (BM25+, from MiniSearch), and Bradley-Terry is fitted on the
// weighted votes. Sandwich intervals use the squared weights, so they widen as the
// weight concentrates on few battles; the effective number of votes says how many
// equally weighted votes the board is worth.

export interface PromptDoc {
  prompt: string;
  cells: PairCount[];
}

export interface SimilarIndex {
  search: MiniSearch<{ id: number; text: string }>;
  docs: PromptDoc[];
}

// Words that nearly every English prompt has: they add almost nothing to BM25 but make
// every query touch most of the index, so they are left out of it.
const STOPWORDS = new Set(
  (
    "a an and are as at be but by can could do does for from had has have how i if in into is it its me my " +
    "no not of on or our please should so that the their them then there these they this to was we what " +
    "when where which who why will with would you your"
  ).split(" "),
);

const processTerm = (term: string): string | null => {
  const t = term.toLowerCase();
  return STOPWORDS.has(t) ? null : t;
};

export function buildSimilarIndex(docs: PromptDoc[]): SimilarIndex {
  const search = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    storeFields: [],
    processTerm,
  });
  search.addAll(docs.map((d, id) => ({ id, text: d.prompt })));
  return { search, docs };
}

export interface SimilarBoard {
  rows: LeaderboardRow[];
  /** (Σw)² / Σw² over the weighted votes. */
  effectiveVotes: number;
  /** Votes with a non-zero weight, and prompts matched. */
  matchedVotes: number;
  matchedPrompts: number;
  /** The best-matching prompts, with their weight (1 = the best match). */
  topPrompts: { prompt: string; weight: number; votes: number }[];
}

export interface SimilarOptions {
  /** Prompts scoring below this share of the best match get no weight. */
  minShare?: number;
  /** At most this many prompts are used (the best ones). */
  maxPrompts?: number;
  /** Weight = (score / best score)^sharpness: higher concentrates on the closest prompts. */
  sharpness?: number;
}

/**
 * The weighted board for `query`, or null when no prompt shares a term with it. Weights are
 * relative BM25+ scores, so an exact-match prompt weighs 1 and unrelated prompts 0.
 */
export function similarBoard(
  index: SimilarIndex,
  query: string,
  { minShare = 0.05, maxPrompts = 5000, sharpness = 2 }: SimilarOptions = {},
): SimilarBoard | null {
  const hits = index.search.search(query, { combineWith: "OR", prefix: false, fuzzy: false });
  if (hits.length === 0) return null;
  const best = hits[0].score;
  const weighted = new Map<string, PairCount>();
  let sumW = 0;
  let sumW2 = 0;
  let matchedVotes = 0;
  const used = hits.filter((h) => h.score >= minShare * best).slice(0, maxPrompts);
  const topPrompts: SimilarBoard["topPrompts"] = [];
  for (const h of used) {
    const w = (h.score / best) ** sharpness;
    const doc = index.docs[h.id as number];
    let votes = 0;
    for (const c of doc.cells) {
      const key = `${c.modelA}\u0000${c.modelB}\u0000${c.outcome}`;
      const cell = weighted.get(key) ?? { ...c, count: 0, weight: 0, weightSq: 0 };
      cell.count += c.count;
      cell.weight = (cell.weight ?? 0) + w * c.count;
      cell.weightSq = (cell.weightSq ?? 0) + w * w * c.count;
      weighted.set(key, cell);
      sumW += w * c.count;
      sumW2 += w * w * c.count;
      votes += c.count;
    }
    matchedVotes += votes;
    if (topPrompts.length < 10) topPrompts.push({ prompt: doc.prompt, weight: w, votes });
  }
  const cells = [...weighted.values()].filter((c) => c.modelA !== c.modelB);
  if (cells.length === 0) return null;
  const fit = computeLeaderboard(cells, { ci: "sandwich", ipw: true });
  return {
    rows: fit.leaderboard,
    effectiveVotes: sumW2 > 0 ? (sumW * sumW) / sumW2 : 0,
    matchedVotes,
    matchedPrompts: used.length,
    topPrompts,
  };
}
