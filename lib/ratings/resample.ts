import type { Rng } from "./rng";
import { AliasTable, PoissonBank, poissonPtrs } from "./samplers";
import type { BootstrapMethod } from "./types";

/**
 * Resamples integer cell counts. Multinomial (the field's bootstrap) is drawn exactly as
 * Poisson(c·(N−δ)/N) per cell, rejected if the total exceeds N, then topped up with N−T single
 * draws: given their total, Poisson counts are multinomial, so the result is Multinomial(N, c/N)
 * at the cost of one table lookup per cell instead of one binomial per cell.
 */
export class CellResampler {
  private readonly nz: Int32Array;
  private readonly nzCount: Float64Array;
  private readonly total: number;
  private readonly alias: AliasTable | null;
  private readonly bank: PoissonBank | null;
  private readonly lambda: Float64Array;
  private readonly direct: boolean;
  private readonly uniforms: Float64Array;

  constructor(
    count: Float64Array,
    private readonly method: BootstrapMethod,
  ) {
    let total = 0;
    let nNonZero = 0;
    for (let k = 0; k < count.length; k++) {
      if (count[k] > 0) {
        nNonZero++;
        total += count[k];
      }
    }
    // Cells with equal counts share a Poisson table; visiting them together keeps it in cache.
    // Sort keys count·2²⁴ + cell with the native numeric sort (a comparator is ~5× slower).
    const nz = new Int32Array(nNonZero);
    for (let k = 0, q = 0; k < count.length; k++) if (count[k] > 0) nz[q++] = k;
    if (count.length < 16777216 && total < 2 ** 29) {
      const keys = Float64Array.from(nz, (k) => count[k] * 16777216 + k).sort();
      this.nz = Int32Array.from(keys, (key) => key % 16777216);
    } else {
      this.nz = nz.sort((x, y) => count[x] - count[y] || x - y);
    }
    this.nzCount = Float64Array.from(this.nz, (k) => count[k]);
    this.total = total;
    this.direct = method === "multinomial" && total <= this.nz.length;
    const needAlias = method === "multinomial" && this.nz.length > 0;
    this.alias = needAlias ? new AliasTable(this.nzCount) : null;
    // Aim 2σ below N: rejections (1 in 44) cost less than a longer top-up.
    const scale = method === "multinomial" ? (total - Math.ceil(2 * Math.sqrt(total))) / total : 1;
    this.lambda = this.nzCount.map((c) => c * scale);
    this.bank = this.direct ? null : new PoissonBank(this.lambda);
    this.uniforms = new Float64Array(this.nz.length);
  }

  /** Writes a resample of every cell into `out` (cells with zero count stay 0). */
  sample(rng: Rng, out: Float64Array): void {
    out.fill(0);
    const { nz } = this;
    if (this.direct) {
      this.topUp(rng, out, this.total);
      return;
    }
    const bank = this.bank!;
    const { tableOf, prob, alias } = bank;
    const uniforms = this.uniforms;
    for (;;) {
      rng.fillFloats(uniforms, nz.length);
      let t = 0;
      let q = 0;
      while (q < nz.length) {
        const id = tableOf[q];
        if (id < 0) {
          const x = this.lambda[q] > 0 ? poissonPtrs(this.lambda[q], rng) : 0;
          out[nz[q++]] = x;
          t += x;
          continue;
        }
        // Cells are sorted by count: a run of cells shares one table, so hoist its parameters.
        const n = bank.size[id];
        const off = bank.offset[id];
        const base = bank.base[id];
        while (q < nz.length && tableOf[q] === id) {
          const u = uniforms[q] * n;
          const i = u | 0;
          const x = base + (u - i < prob[off + i] ? i : alias[off + i]);
          out[nz[q++]] = x;
          t += x;
        }
      }
      if (this.method === "poisson") return;
      if (t <= this.total) {
        this.topUp(rng, out, this.total - t);
        return;
      }
      for (let q = 0; q < nz.length; q++) out[nz[q]] = 0;
    }
  }

  private topUp(rng: Rng, out: Float64Array, draws: number): void {
    const alias = this.alias!;
    for (let d = 0; d < draws; d++) out[this.nz[alias.sample(rng)]]++;
  }
}
