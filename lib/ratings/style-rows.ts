import { WINNER_CODE } from "./battles";
import { PairBuilder, type PairData } from "./pairs";
import type { StyleRows } from "./style-engine";
import { isOutcome, type StyleBattle } from "./types";

const Y_OF_WINNER = [1, 0, 0.5, 0.5];

/** Collects style rows (and the pair counts for the matrices) in typed arrays. */
export class StyleRowsBuilder {
  readonly pairs: PairBuilder;
  private n = 0;
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private y = new Float64Array(1024);
  private count = new Float64Array(1024);
  private weight: Float64Array | null;
  private weightSq: Float64Array | null;
  private raw: Float64Array;
  private readonly k: number;

  constructor(
    readonly features: string[],
    withWeights: boolean,
  ) {
    this.k = features.length;
    this.pairs = new PairBuilder(withWeights);
    this.raw = new Float64Array(1024 * this.k);
    this.weight = withWeights ? new Float64Array(1024) : null;
    this.weightSq = withWeights ? new Float64Array(1024) : null;
  }

  /** featA/featB: raw per-side counts in `features` order. Self-battles are counted and dropped. */
  add(
    ia: number,
    ib: number,
    winner: number,
    featA: ArrayLike<number>,
    featB: ArrayLike<number>,
    count = 1,
    weight = count,
    weightSq = weight,
  ): void {
    this.pairs.add(ia, ib, winner, count, weight, weightSq);
    // Without features only the pair counts matter; keeping rows would cost memory per vote.
    if (ia === ib || this.k === 0) return;
    if (this.n === this.a.length) this.grow();
    const n = this.n++;
    this.a[n] = ia;
    this.b[n] = ib;
    this.y[n] = Y_OF_WINNER[winner];
    this.count[n] = count;
    if (this.weight && this.weightSq) {
      this.weight[n] = weight;
      this.weightSq[n] = weightSq;
    }
    for (let f = 0; f < this.k; f++)
      this.raw[n * this.k + f] = (featA[f] - featB[f]) / (featA[f] + featB[f] + 1);
  }

  private grow(): void {
    const cap = this.a.length * 2;
    const g = <T extends Int32Array | Float64Array>(x: T, len: number): T => {
      const out = new (x.constructor as new (n: number) => T)(len);
      out.set(x);
      return out;
    };
    this.a = g(this.a, cap);
    this.b = g(this.b, cap);
    this.y = g(this.y, cap);
    this.count = g(this.count, cap);
    this.raw = g(this.raw, cap * this.k);
    if (this.weight && this.weightSq) {
      this.weight = g(this.weight, cap);
      this.weightSq = g(this.weightSq, cap);
    }
  }

  /** Appends another builder's output (e.g. from a parse worker), remapping models by name. */
  merge(other: { pd: PairData; rows: StyleRows }): void {
    const map = other.pd.models.map((name) => this.pairs.modelId(name));
    this.pairs.merge(other.pd);
    const r = other.rows;
    const k = this.k;
    for (let n = 0; n < r.a.length; n++) {
      if (this.n === this.a.length) this.grow();
      const t = this.n++;
      this.a[t] = map[r.a[n]];
      this.b[t] = map[r.b[n]];
      this.y[t] = r.y[n];
      this.count[t] = r.count[n];
      if (this.weight && this.weightSq) {
        this.weight[t] = r.weight ? r.weight[n] : r.count[n];
        this.weightSq[t] = r.weightSq ? r.weightSq[n] : r.count[n];
      }
      this.raw.set(r.raw.subarray(n * k, (n + 1) * k), t * k);
    }
  }

  build(): { pd: PairData; rows: StyleRows } {
    const pd = this.pairs.build();
    const index = new Map(pd.models.map((name, i) => [name, i]));
    const remap = Int32Array.from(this.pairs.models, (name) => index.get(name) ?? -1);
    const n = this.n;
    return {
      pd,
      rows: {
        features: this.features,
        a: this.a.slice(0, n).map((v) => remap[v]),
        b: this.b.slice(0, n).map((v) => remap[v]),
        y: this.y.slice(0, n),
        count: this.count.slice(0, n),
        weight: this.weight ? this.weight.slice(0, n) : null,
        weightSq: this.weightSq ? this.weightSq.slice(0, n) : null,
        raw: this.raw.slice(0, n * this.k),
      },
    };
  }
}

export function styleRowsFromBattles(
  battles: readonly StyleBattle[],
  features: string[] | undefined,
  ipw: boolean,
) {
  const names = features ?? Object.keys(battles[0]?.features ?? {});
  if (names.length === 0) throw new Error("style control needs at least one feature");
  const builder = new StyleRowsBuilder(names, ipw);
  const fa = new Float64Array(names.length);
  const fb = new Float64Array(names.length);
  battles.forEach((row, k) => {
    if (!isOutcome(row.outcome))
      throw new Error(`rows[${k}]: unknown outcome ${JSON.stringify(row.outcome)}`);
    names.forEach((name, f) => {
      const pair = row.features[name];
      if (!pair || !Number.isFinite(pair[0]) || !Number.isFinite(pair[1])) {
        throw new Error(`rows[${k}]: feature "${name}" must be a pair of finite numbers`);
      }
      fa[f] = pair[0];
      fb[f] = pair[1];
    });
    const count = row.count ?? 1;
    if (!Number.isInteger(count) || count < 0)
      throw new Error(`rows[${k}]: count must be a non-negative integer`);
    if (count === 0) return;
    let weight = count;
    let weightSq = count;
    if (ipw) {
      if (row.weight === undefined || !(row.weight > 0))
        throw new Error(`rows[${k}]: ipw needs a positive weight`);
      weight = row.weight;
      weightSq = row.weightSq ?? (row.weight * row.weight) / count;
    }
    const ia = builder.pairs.modelId(row.modelA);
    const ib = builder.pairs.modelId(row.modelB);
    builder.add(ia, ib, WINNER_CODE[row.outcome], fa, fb, count, weight, weightSq);
  });
  return builder.build();
}
