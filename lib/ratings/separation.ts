/**
 * Ford's condition: the Bradley-Terry MLE is finite iff, within every connected group, the digraph
 * "i scored against j" (a win or a tie) is strongly connected. Otherwise some subset of models never
 * loses (or never wins) against the rest and its ratings run off to infinity.
 */
export class PairGraph {
  private readonly start: Int32Array;
  private readonly other: Int32Array;
  private readonly pair: Int32Array;
  /** 1 when the node is pi of the pair (its score is the i-score). */
  private readonly isI: Uint8Array;
  private readonly roots: Int32Array;
  private readonly stack: Int32Array;
  private readonly seen: Uint8Array;
  /** Pair index of (u, v) for small M, for O(1) edge lookups in `bypassed`. */
  private readonly pairOf: Int32Array | null;
  private readonly pi: Int32Array;

  constructor(
    private readonly m: number,
    pi: Int32Array,
    pj: Int32Array,
    groupOf: Int32Array,
    nGroups: number,
  ) {
    const deg = new Int32Array(m + 1);
    for (let p = 0; p < pi.length; p++) {
      deg[pi[p] + 1]++;
      deg[pj[p] + 1]++;
    }
    for (let i = 0; i < m; i++) deg[i + 1] += deg[i];
    this.start = deg.slice();
    const fill = deg.slice();
    this.other = new Int32Array(pi.length * 2);
    this.pair = new Int32Array(pi.length * 2);
    this.isI = new Uint8Array(pi.length * 2);
    for (let p = 0; p < pi.length; p++) {
      let k = fill[pi[p]]++;
      this.other[k] = pj[p];
      this.pair[k] = p;
      this.isI[k] = 1;
      k = fill[pj[p]]++;
      this.other[k] = pi[p];
      this.pair[k] = p;
    }
    this.roots = new Int32Array(nGroups).fill(-1);
    for (let i = 0; i < m; i++) if (this.roots[groupOf[i]] === -1) this.roots[groupOf[i]] = i;
    this.stack = new Int32Array(m);
    this.seen = new Uint8Array(m);
    this.pi = pi;
    this.pairOf = m <= 2048 ? new Int32Array(m * m).fill(-1) : null;
    if (this.pairOf) {
      for (let p = 0; p < pi.length; p++) {
        this.pairOf[pi[p] * m + pj[p]] = p;
        this.pairOf[pj[p] * m + pi[p]] = p;
      }
    }
  }

  /**
   * Cheap sufficient test after edges were lost from a strongly connected graph: if each lost edge
   * u→v still has an active detour u→w→v, every old path survives and the graph stays strongly
   * connected. Resamples usually pass it, which avoids a full traversal per bootstrap round.
   */
  bypassed(
    lostFrom: Int32Array,
    lostTo: Int32Array,
    nLost: number,
    scoreI: Float64Array,
    scoreJ: Float64Array,
  ) {
    const pairOf = this.pairOf;
    if (!pairOf) return false;
    const m = this.m;
    for (let e = 0; e < nLost; e++) {
      const u = lostFrom[e];
      const v = lostTo[e];
      let found = false;
      for (let k = this.start[u]; k < this.start[u + 1] && !found; k++) {
        if (!((this.isI[k] ? scoreI : scoreJ)[this.pair[k]] > 0)) continue;
        const w = this.other[k];
        const p = pairOf[w * m + v];
        found = p >= 0 && (this.pi[p] === w ? scoreI[p] : scoreJ[p]) > 0;
      }
      if (!found) return false;
    }
    return true;
  }

  /**
   * scoreI[p] / scoreJ[p] > 0 when pi / pj scored against the other. Strongly connected within a
   * group iff every node is reachable from the root both along and against the edges.
   */
  finiteMle(scoreI: Float64Array, scoreJ: Float64Array): boolean {
    return this.reachesAll(scoreI, scoreJ) && this.reachesAll(scoreJ, scoreI);
  }

  private reachesAll(fromI: Float64Array, fromJ: Float64Array): boolean {
    const { seen, stack } = this;
    seen.fill(0);
    for (let g = 0; g < this.roots.length; g++) {
      let top = 0;
      stack[top++] = this.roots[g];
      seen[this.roots[g]] = 1;
      while (top > 0) {
        const v = stack[--top];
        for (let k = this.start[v]; k < this.start[v + 1]; k++) {
          const w = this.other[k];
          if (seen[w]) continue;
          // Edge v→w exists when v scored against w.
          const p = this.pair[k];
          if ((this.isI[k] ? fromI[p] : fromJ[p]) > 0) {
            seen[w] = 1;
            stack[top++] = w;
          }
        }
      }
    }
    for (let i = 0; i < this.m; i++) if (!seen[i]) return false;
    return true;
  }
}
