import type { Rng } from "./rng";

const LN_FACT_TABLE = (() => {
  const t = new Float64Array(1024);
  for (let i = 2; i < t.length; i++) t[i] = t[i - 1] + Math.log(i);
  return t;
})();

export function lnFactorial(k: number): number {
  if (k < LN_FACT_TABLE.length) return LN_FACT_TABLE[k];
  const n = k;
  const n2 = n * n;
  return (
    n * Math.log(n) -
    n +
    0.5 * Math.log(2 * Math.PI * n) +
    1 / (12 * n) -
    1 / (360 * n * n2) +
    1 / (1260 * n2 * n2 * n)
  );
}

/**
 * Walker/Vose alias table over `n` weights starting at `src[srcOff]`, written to prob/alias at `off`.
 * O(1) sampling is what makes per-round resampling of ~10⁵ cells affordable.
 */
export function buildAlias(
  src: ArrayLike<number>,
  srcOff: number,
  n: number,
  prob: Float64Array,
  alias: Int32Array,
  off: number,
): void {
  let total = 0;
  for (let i = 0; i < n; i++) total += src[srcOff + i];
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    const p = (src[srcOff + i] * n) / total;
    prob[off + i] = p;
    alias[off + i] = i;
    if (p < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[nl - 1];
    alias[off + s] = l;
    prob[off + l] -= 1 - prob[off + s];
    if (prob[off + l] < 1) {
      nl--;
      small[ns++] = l;
    }
  }
  // Leftovers are 1 up to rounding.
  while (nl > 0) prob[off + large[--nl]] = 1;
  while (ns > 0) prob[off + small[--ns]] = 1;
}

export class AliasTable {
  readonly prob: Float64Array;
  readonly alias: Int32Array;
  readonly n: number;

  constructor(weights: ArrayLike<number>) {
    this.n = weights.length;
    this.prob = new Float64Array(this.n);
    this.alias = new Int32Array(this.n);
    buildAlias(weights, 0, this.n, this.prob, this.alias, 0);
  }

  sample(rng: Rng): number {
    const u = rng.nextFloat() * this.n;
    const i = Math.floor(u);
    return u - i < this.prob[i] ? i : this.alias[i];
  }
}

/** Hörmann's PTRS transformed rejection (as in numpy), exact for λ ≥ 10. */
export function poissonPtrs(lambda: number, rng: Rng): number {
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.nextFloat() - 0.5;
    const v = rng.nextFloat();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -lambda + k * loglam - lnFactorial(k)
    ) {
      return k;
    }
  }
}

export function poisson(lambda: number, rng: Rng): number {
  if (lambda <= 0) return 0;
  if (lambda >= 10) return poissonPtrs(lambda, rng);
  const limit = Math.exp(-lambda);
  let k = 0;
  let prod = rng.nextFloat();
  while (prod > limit) {
    k++;
    prod *= rng.nextFloat();
  }
  return k;
}

/**
 * Alias tables of the Poisson pmf for each distinct λ up to `maxLambda`, so that a draw costs one
 * uniform. Larger λ (few cells, since Σλ = N) fall back to PTRS.
 */
export class PoissonBank {
  readonly offset: Int32Array;
  readonly size: Int32Array;
  readonly base: Int32Array;
  readonly prob: Float64Array;
  readonly alias: Int32Array;
  /** Table id per input λ, or −1 for PTRS / zero. */
  readonly tableOf: Int32Array;

  constructor(lambdas: ArrayLike<number>, maxLambda = 1000) {
    const ids = new Map<number, number>();
    const distinct: number[] = [];
    this.tableOf = new Int32Array(lambdas.length).fill(-1);
    for (let i = 0; i < lambdas.length; i++) {
      const l = lambdas[i];
      if (!(l > 0) || l > maxLambda) continue;
      let id = ids.get(l);
      if (id === undefined) {
        id = distinct.length;
        ids.set(l, id);
        distinct.push(l);
      }
      this.tableOf[i] = id;
    }
    const t = distinct.length;
    this.offset = new Int32Array(t);
    this.size = new Int32Array(t);
    this.base = new Int32Array(t);
    let total = 0;
    for (let id = 0; id < t; id++) {
      const l = distinct[id];
      const spread = 12 * Math.sqrt(l) + 12;
      const lo = Math.max(0, Math.floor(l - spread));
      const hi = Math.ceil(l + spread);
      this.base[id] = lo;
      this.size[id] = hi - lo + 1;
      this.offset[id] = total;
      total += hi - lo + 1;
    }
    this.prob = new Float64Array(total);
    this.alias = new Int32Array(total);
    let pmf = new Float64Array(64);
    for (let id = 0; id < t; id++) {
      const l = distinct[id];
      const n = this.size[id];
      if (pmf.length < n) pmf = new Float64Array(n);
      const logl = Math.log(l);
      // Tails beyond 12σ are < 1e-30 and dropped; buildAlias renormalises.
      for (let i = 0; i < n; i++) {
        const k = this.base[id] + i;
        pmf[i] = Math.exp(k * logl - l - lnFactorial(k));
      }
      buildAlias(pmf, 0, n, this.prob, this.alias, this.offset[id]);
    }
  }

  sample(id: number, rng: Rng): number {
    const n = this.size[id];
    const off = this.offset[id];
    const u = rng.nextFloat() * n;
    const i = Math.floor(u);
    return this.base[id] + (u - i < this.prob[off + i] ? i : this.alias[off + i]);
  }
}
