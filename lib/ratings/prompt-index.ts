// "A leaderboard for prompts like mine": a compact BM25+ index over the *distinct* prompts
// of the counted votes (many battles share a prompt), each prompt carrying its votes as
// aggregated (pair, outcome) counts. A query scores prompts, keeps the best ones, weights
// each prompt's counts by its relative score, and fits Bradley-Terry on the aggregated
// (pair, outcome, Σw, Σw²) cells — never on per-battle rows — so a query costs the postings
// of its terms plus models², however many votes are behind them. Sandwich intervals use the
// squared weights, so they widen as the weight concentrates on few prompts; the effective
// number of votes says how many equally weighted votes the board is worth. Pure: it runs on
// a worker thread (lib/ratings/io/prompt-jobs.ts) or inline.
import { computeLeaderboard } from "./index";
import type { LeaderboardRow, Outcome, PairCount } from "./types";

// Words that nearly every English prompt has: they add almost nothing to BM25 but make
// every query touch most of the index, so they are left out of it.
const STOPWORDS = new Set(
  (
    "a an and are as at be but by can could do does for from had has have how i if in into is it its me my " +
    "no not of on or our please should so that the their them then there these they this to was we what " +
    "when where which who why will with would you your"
  ).split(" "),
);

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0 && !STOPWORDS.has(t));
}

export const OUTCOMES: readonly Outcome[] = ["model_a", "model_b", "tie", "tie (bothbad)"];
/** Cell code = (a·MAX_MODELS + b)·4 + outcome: one int per (ordered pair, outcome). */
const MAX_MODELS = 4096;
/** Prompt text kept per prompt for display (the index itself keeps only term ids). */
const SNIPPET_CHARS = 300;
// BM25+ as MiniSearch computes it (k1 1.2, b 0.7, δ 0.5, the sum times the number of query
// terms matched), which the earlier index used.
const K1 = 1.2;
const B = 0.7;
const DELTA = 0.5;

/** A batch of prompts and their counted votes, in plain arrays (postMessage-friendly). */
export interface PromptBatch {
  /** Model slugs referred to by `cells` (batch-local indices). */
  models: string[];
  /** Prompt keys (a hash of the text) referred to by `cells`. */
  keys: string[];
  /** The text of each key, or null when the sender knows it is indexed already. */
  texts: (string | null)[];
  /** [keyIndex, modelA, modelB, outcomeIndex (OUTCOMES), count] × n. */
  cells: Int32Array;
}

class Postings {
  docs = new Int32Array(4);
  tfs = new Uint16Array(4);
  n = 0;
  push(doc: number, tf: number): void {
    if (this.n === this.docs.length) {
      const docs = new Int32Array(this.n * 2);
      docs.set(this.docs);
      this.docs = docs;
      const tfs = new Uint16Array(this.n * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.docs[this.n] = doc;
    this.tfs[this.n++] = Math.min(tf, 65535);
  }
}

export class PromptIndex {
  private readonly terms = new Map<string, Postings>();
  private readonly docOf = new Map<string, number>();
  private readonly snippets: string[] = [];
  private docLen = new Float32Array(1024);
  private totalLen = 0;
  /** Per prompt: [cellCode, count, cellCode, count, …]. */
  private readonly cells: number[][] = [];
  private readonly votesOf: number[] = [];
  private readonly models: string[] = [];
  private readonly modelIdx = new Map<string, number>();
  private scores = new Float64Array(0);
  private matched = new Uint16Array(0);
  votes = 0;

  get prompts(): number {
    return this.snippets.length;
  }

  add(batch: PromptBatch): void {
    const models = batch.models.map((slug) => this.model(slug));
    const docs = batch.keys.map((key, k) => this.doc(key, batch.texts[k]));
    const c = batch.cells;
    for (let r = 0; r + 4 < c.length; r += 5) {
      const doc = docs[c[r]];
      if (doc < 0) continue;
      const code = (models[c[r + 1]] * MAX_MODELS + models[c[r + 2]]) * 4 + c[r + 3];
      const list = this.cells[doc];
      const count = c[r + 4];
      let at = -1;
      for (let i = 0; i < list.length; i += 2) if (list[i] === code) at = i;
      if (at >= 0) list[at + 1] += count;
      else list.push(code, count);
      this.votesOf[doc] += count;
      this.votes += count;
    }
  }

  private model(slug: string): number {
    let i = this.modelIdx.get(slug);
    if (i === undefined) {
      i = this.models.length;
      if (i >= MAX_MODELS) throw new RangeError(`prompt index: more than ${MAX_MODELS} models`);
      this.models.push(slug);
      this.modelIdx.set(slug, i);
    }
    return i;
  }

  /** The prompt's id, indexing its text the first time it is seen (−1 if it never was and no text came). */
  private doc(key: string, text: string | null): number {
    const known = this.docOf.get(key);
    if (known !== undefined) return known;
    if (text === null) return -1;
    const id = this.snippets.length;
    this.docOf.set(key, id);
    this.snippets.push(text.slice(0, SNIPPET_CHARS));
    this.cells.push([]);
    this.votesOf.push(0);
    const tf = new Map<string, number>();
    const tokens = tokenize(text);
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let p = this.terms.get(t);
      if (!p) {
        p = new Postings();
        this.terms.set(t, p);
      }
      p.push(id, n);
    }
    if (id === this.docLen.length) {
      const grown = new Float32Array(id * 2);
      grown.set(this.docLen);
      this.docLen = grown;
    }
    this.docLen[id] = tokens.length;
    this.totalLen += tokens.length;
    return id;
  }

  /** BM25+ scores of the prompts sharing a term with the query, best first. */
  search(query: string): { doc: number; score: number }[] {
    const n = this.snippets.length;
    if (n === 0) return [];
    if (this.scores.length < n) {
      this.scores = new Float64Array(Math.max(n, this.scores.length * 2));
      this.matched = new Uint16Array(this.scores.length);
    }
    const { scores, matched } = this;
    const avgLen = this.totalLen / n || 1;
    const touched: number[] = [];
    for (const term of new Set(tokenize(query))) {
      const p = this.terms.get(term);
      if (!p) continue;
      const idf = Math.log(1 + (n - p.n + 0.5) / (p.n + 0.5));
      for (let i = 0; i < p.n; i++) {
        const d = p.docs[i];
        const tf = p.tfs[i];
        const norm = K1 * (1 - B + (B * this.docLen[d]) / avgLen);
        if (matched[d] === 0) touched.push(d);
        matched[d]++;
        scores[d] += idf * (DELTA + (tf * (K1 + 1)) / (tf + norm));
      }
    }
    const hits = touched.map((doc) => ({ doc, score: scores[doc] * matched[doc] }));
    for (const d of touched) {
      scores[d] = 0;
      matched[d] = 0;
    }
    return hits.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }

  /** The prompt's counts as PairCounts, each also weighted by w. */
  addWeighted(doc: number, w: number, into: Map<number, PairCount>): number {
    const list = this.cells[doc];
    for (let i = 0; i < list.length; i += 2) {
      const code = list[i];
      const count = list[i + 1];
      let cell = into.get(code);
      if (!cell) {
        const pair = Math.floor(code / 4);
        cell = {
          modelA: this.models[Math.floor(pair / MAX_MODELS)],
          modelB: this.models[pair % MAX_MODELS],
          outcome: OUTCOMES[code % 4],
          count: 0,
          weight: 0,
          weightSq: 0,
        };
        into.set(code, cell);
      }
      cell.count += count;
      cell.weight = (cell.weight ?? 0) + w * count;
      cell.weightSq = (cell.weightSq ?? 0) + w * w * count;
    }
    return this.votesOf[doc];
  }

  snippet(doc: number): string {
    return this.snippets[doc];
  }
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
  index: PromptIndex,
  query: string,
  { minShare = 0.05, maxPrompts = 5000, sharpness = 2 }: SimilarOptions = {},
): SimilarBoard | null {
  const hits = index.search(query);
  if (hits.length === 0) return null;
  const best = hits[0].score;
  const used = hits.filter((h) => h.score >= minShare * best).slice(0, maxPrompts);
  const weighted = new Map<number, PairCount>();
  const topPrompts: SimilarBoard["topPrompts"] = [];
  let matchedVotes = 0;
  for (const h of used) {
    const w = (h.score / best) ** sharpness;
    const votes = index.addWeighted(h.doc, w, weighted);
    matchedVotes += votes;
    if (topPrompts.length < 10) topPrompts.push({ prompt: index.snippet(h.doc), weight: w, votes });
  }
  const cells = [...weighted.values()].filter((c) => c.modelA !== c.modelB && c.count > 0);
  if (cells.length === 0) return null;
  let sumW = 0;
  let sumW2 = 0;
  for (const c of cells) {
    sumW += c.weight ?? 0;
    sumW2 += c.weightSq ?? 0;
  }
  const fit = computeLeaderboard(cells, { ci: "sandwich", ipw: true });
  return {
    rows: fit.leaderboard,
    effectiveVotes: sumW2 > 0 ? (sumW * sumW) / sumW2 : 0,
    matchedVotes,
    matchedPrompts: used.length,
    topPrompts,
  };
}

/** Prompts with their counts as one batch (tests, and callers that hold PairCounts): the key is the text. */
export function promptBatch(docs: readonly { prompt: string; cells: readonly PairCount[] }[]): PromptBatch {
  const models: string[] = [];
  const idx = new Map<string, number>();
  const model = (slug: string) => {
    let i = idx.get(slug);
    if (i === undefined) {
      i = models.length;
      models.push(slug);
      idx.set(slug, i);
    }
    return i;
  };
  const cells: number[] = [];
  docs.forEach((d, k) => {
    for (const c of d.cells)
      cells.push(k, model(c.modelA), model(c.modelB), OUTCOMES.indexOf(c.outcome), c.count);
  });
  return {
    models,
    keys: docs.map((d) => d.prompt),
    texts: docs.map((d) => d.prompt),
    cells: Int32Array.from(cells),
  };
}
