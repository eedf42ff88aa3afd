import type { PairCount } from "../types";
import { proportion } from "./proportion";

export interface CycleEdge {
  winner: string;
  loser: string;
  /** Decisive battles between the two (ties left out) and the winner's share of them. */
  n: number;
  winRate: number;
  /** The Wilson interval's lower bound is above ½: this direction is itself significant at 95%. */
  significant: boolean;
}

export interface Cycle {
  /** A > B > C > A: edges[k].winner beats edges[k].loser; edges[2].loser is edges[0].winner. */
  models: [string, string, string];
  edges: [CycleEdge, CycleEdge, CycleEdge];
  /** The fewest decisive battles on any of the three edges. */
  support: number;
  /** The smallest margin (win rate − ½) on any edge: how clear the weakest link is. */
  minMargin: number;
  /** Every edge is significant on its own. */
  significant: boolean;
}

/**
 * Intransitive triangles in the observed (not fitted) head-to-head win rates. Bradley-Terry
 * can never produce one, so a well-supported cycle is evidence the one-number-per-model
 * model misses something (e.g. a model that beats strong models at one kind of prompt).
 * Pairs with fewer than `minSupport` decisive battles are not edges; the strongest cycles
 * (support, then margin) come first, at most `limit`.
 */
export function findCycles(
  counts: readonly PairCount[],
  { minSupport = 10, limit = 50 }: { minSupport?: number; limit?: number } = {},
): { cycles: Cycle[]; total: number } {
  const models = [...new Set(counts.flatMap((c) => [c.modelA, c.modelB]))].sort();
  const index = new Map(models.map((m, i) => [m, i]));
  const m = models.length;
  const wins = new Float64Array(m * m);
  for (const c of counts) {
    const a = index.get(c.modelA)!;
    const b = index.get(c.modelB)!;
    if (a === b) continue;
    if (c.outcome === "model_a") wins[a * m + b] += c.count;
    else if (c.outcome === "model_b") wins[b * m + a] += c.count;
  }
  const edge = (i: number, j: number): CycleEdge | null => {
    const n = wins[i * m + j] + wins[j * m + i];
    if (n < minSupport || !(wins[i * m + j] > wins[j * m + i])) return null;
    const p = proportion(wins[i * m + j], n);
    return { winner: models[i], loser: models[j], n, winRate: p.p!, significant: p.ciLower! > 0.5 };
  };
  const beats: number[][] = Array.from({ length: m }, () => []);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j && edge(i, j)) beats[i].push(j);
  const found: Cycle[] = [];
  // Each 3-cycle once: start at its smallest index i, i → j → k → i with j, k > i.
  for (let i = 0; i < m; i++) {
    for (const j of beats[i]) {
      if (j < i) continue;
      for (const k of beats[j]) {
        if (k < i || !beats[k].includes(i)) continue;
        const edges: [CycleEdge, CycleEdge, CycleEdge] = [edge(i, j)!, edge(j, k)!, edge(k, i)!];
        found.push({
          models: [models[i], models[j], models[k]],
          edges,
          support: Math.min(...edges.map((e) => e.n)),
          minMargin: Math.min(...edges.map((e) => e.winRate - 0.5)),
          significant: edges.every((e) => e.significant),
        });
      }
    }
  }
  found.sort((x, y) => y.support - x.support || y.minMargin - x.minMargin);
  return { cycles: found.slice(0, limit), total: found.length };
}
