/**
 * Aggregated votes: one entry per unordered model pair (i < j in appearance order) with three outcome
 * cells — i won, j won, tie (a both-bad tie is a tie for the fit) — holding battle counts and IPW
 * weight sums. Everything downstream sees only this, so cost depends on pairs, not votes.
 */
export const CELL_WIN_I = 0;
export const CELL_WIN_J = 1;
export const CELL_TIE = 2;

export interface PairData {
  models: string[];
  nPairs: number;
  pi: Int32Array;
  pj: Int32Array;
  /** 3 cells per pair: battle counts. */
  count: Float64Array;
  /** 3 cells per pair: sum of IPW weights (null when no propensities were given). */
  weight: Float64Array | null;
  weightSq: Float64Array | null;
  bothBad: number;
  nSelfBattlesDropped: number;
  /** Models seen only in self-battles: they have nothing to be rated on. */
  modelsWithoutBattles: string[];
}

/** Open-addressing map from (i, j) to a pair slot; a JS Map of string keys is ~5× slower here. */
export class PairBuilder {
  readonly models: string[] = [];
  private readonly modelIndex = new Map<string, number>();
  private keys = new Int32Array(1024).fill(-1);
  private slots = new Int32Array(1024);
  private nPairs = 0;
  private pi = new Int32Array(256);
  private pj = new Int32Array(256);
  private count = new Float64Array(768);
  private weight: Float64Array | null = null;
  private weightSq: Float64Array | null = null;
  bothBad = 0;
  nSelfBattlesDropped = 0;

  constructor(withWeights = false) {
    if (withWeights) {
      this.weight = new Float64Array(768);
      this.weightSq = new Float64Array(768);
    }
  }

  modelId(name: string): number {
    let id = this.modelIndex.get(name);
    if (id === undefined) {
      id = this.models.length;
      if (id >= 65535) throw new Error("more than 65535 models are not supported");
      this.modelIndex.set(name, id);
      this.models.push(name);
    }
    return id;
  }

  /** Adds `count` battles of a vs b; `winner`: 0 = a won, 1 = b won, 2 = tie, 3 = both bad. */
  add(a: number, b: number, winner: number, count = 1, weight = count, weightSq = weight): void {
    if (a === b) {
      this.nSelfBattlesDropped += count;
      return;
    }
    if (winner === 3) this.bothBad += count;
    const swap = a > b;
    const i = swap ? b : a;
    const j = swap ? a : b;
    let cell = winner >= 2 ? CELL_TIE : winner;
    if (swap && cell !== CELL_TIE) cell = 1 - cell;
    const k = this.slot(i, j) * 3 + cell;
    this.count[k] += count;
    if (this.weight && this.weightSq) {
      this.weight[k] += weight;
      this.weightSq[k] += weightSq;
    }
  }

  private slot(i: number, j: number): number {
    const key = (i << 16) | j;
    let mask = this.keys.length - 1;
    let h = Math.imul(key, 0x9e3779b1) >>> 0;
    for (;;) {
      h &= mask;
      const k = this.keys[h];
      if (k === key) return this.slots[h];
      if (k === -1) break;
      h++;
    }
    const id = this.nPairs++;
    this.keys[h] = key;
    this.slots[h] = id;
    if (id >= this.pi.length) this.growPairs();
    this.pi[id] = i;
    this.pj[id] = j;
    if (this.nPairs * 2 > this.keys.length) {
      this.rehash(this.keys.length * 2);
      mask = this.keys.length - 1;
    }
    return id;
  }

  private growPairs(): void {
    const grow = <T extends Int32Array | Float64Array>(a: T, len: number): T => {
      const b = new (a.constructor as new (n: number) => T)(len);
      b.set(a);
      return b;
    };
    const cap = this.pi.length * 2;
    this.pi = grow(this.pi, cap);
    this.pj = grow(this.pj, cap);
    this.count = grow(this.count, cap * 3);
    if (this.weight && this.weightSq) {
      this.weight = grow(this.weight, cap * 3);
      this.weightSq = grow(this.weightSq, cap * 3);
    }
  }

  private rehash(size: number): void {
    this.keys = new Int32Array(size).fill(-1);
    this.slots = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.nPairs; id++) {
      const key = (this.pi[id] << 16) | this.pj[id];
      let h = Math.imul(key, 0x9e3779b1) >>> 0;
      for (;;) {
        h &= mask;
        if (this.keys[h] === -1) break;
        h++;
      }
      this.keys[h] = key;
      this.slots[h] = id;
    }
  }

  /** Merges another builder's data (e.g. from a parse worker), remapping its model ids by name. */
  merge(other: PairData): void {
    const map = other.models.map((m) => this.modelId(m));
    for (const name of other.modelsWithoutBattles) this.modelId(name);
    for (let p = 0; p < other.nPairs; p++) {
      const a = map[other.pi[p]];
      const b = map[other.pj[p]];
      for (let c = 0; c < 3; c++) {
        const k = p * 3 + c;
        const n = other.count[k];
        if (n === 0) continue;
        const w = other.weight ? other.weight[k] : n;
        const w2 = other.weightSq ? other.weightSq[k] : w;
        this.add(a, b, c, n, w, w2);
      }
    }
    this.bothBad += other.bothBad;
    this.nSelfBattlesDropped += other.nSelfBattlesDropped;
  }

  build(): PairData {
    const n = this.nPairs;
    const used = new Uint8Array(this.models.length);
    for (let p = 0; p < n; p++) used[this.pi[p]] = used[this.pj[p]] = 1;
    const remap = new Int32Array(this.models.length);
    const models: string[] = [];
    const modelsWithoutBattles: string[] = [];
    this.models.forEach((name, k) => {
      remap[k] = used[k] ? models.length : -1;
      (used[k] ? models : modelsWithoutBattles).push(name);
    });
    const pi = this.pi.slice(0, n).map((x) => remap[x]);
    const pj = this.pj.slice(0, n).map((x) => remap[x]);
    return {
      models,
      modelsWithoutBattles,
      nPairs: n,
      pi,
      pj,
      count: this.count.slice(0, n * 3),
      weight: this.weight ? this.weight.slice(0, n * 3) : null,
      weightSq: this.weightSq ? this.weightSq.slice(0, n * 3) : null,
      bothBad: this.bothBad,
      nSelfBattlesDropped: this.nSelfBattlesDropped,
    };
  }
}

/** Connected components over pairs with at least one battle; groupOf[model] = group id, largest group first. */
export function components(
  m: number,
  pi: Int32Array,
  pj: Int32Array,
): { groupOf: Int32Array; sizes: number[] } {
  const parent = new Int32Array(m);
  for (let i = 0; i < m; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let p = 0; p < pi.length; p++) {
    const a = find(pi[p]);
    const b = find(pj[p]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const rootSize = new Map<number, number>();
  const rootFirst = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const r = find(i);
    rootSize.set(r, (rootSize.get(r) ?? 0) + 1);
    if (!rootFirst.has(r)) rootFirst.set(r, i);
  }
  const roots = [...rootSize.keys()].sort(
    (x, y) => rootSize.get(y)! - rootSize.get(x)! || rootFirst.get(x)! - rootFirst.get(y)!,
  );
  const id = new Map(roots.map((r, k) => [r, k]));
  const groupOf = new Int32Array(m);
  for (let i = 0; i < m; i++) groupOf[i] = id.get(find(i))!;
  return { groupOf, sizes: roots.map((r) => rootSize.get(r)!) };
}
