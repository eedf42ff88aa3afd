import { describe, expect, it } from "vitest";
import { CellResampler } from "./resample";
import { rngForRound, Xoshiro128 } from "./rng";
import { lnFactorial, PoissonBank, poisson } from "./samplers";
import { quantileSorted } from "./summary";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let k = 0; k < n; k++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe("random samplers", () => {
  it("xoshiro streams are reproducible and distinct per round", () => {
    const a = rngForRound(7, 3);
    const b = rngForRound(7, 3);
    const c = rngForRound(7, 4);
    const xs = Array.from({ length: 5 }, () => a.nextFloat());
    expect(Array.from({ length: 5 }, () => b.nextFloat())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextFloat())).not.toEqual(xs);
    const bulk = new Float64Array(5);
    rngForRound(7, 3).fillFloats(bulk, 5);
    expect(Array.from(bulk)).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("log-factorial is accurate past the table", () => {
    expect(lnFactorial(5)).toBeCloseTo(Math.log(120), 12);
    let exact = 0;
    for (let i = 2; i <= 2000; i++) exact += Math.log(i);
    expect(Math.abs(lnFactorial(2000) - exact) / exact).toBeLessThan(1e-13);
  });

  it.each([0.7, 9, 37.5, 480, 5000])(
    "Poisson(%d) has the right mean and variance (tables and PTRS)",
    (lambda) => {
      const rng = new Xoshiro128(11);
      const bank = new PoissonBank([lambda]);
      const n = 200_000;
      const draw = bank.tableOf[0] >= 0 ? () => bank.sample(0, rng) : () => poisson(lambda, rng);
      const m = moments(draw, n);
      const se = Math.sqrt(lambda / n);
      expect(Math.abs(m.mean - lambda)).toBeLessThan(5 * se);
      expect(Math.abs(m.variance / lambda - 1)).toBeLessThan(0.03);
      const direct = moments(() => poisson(lambda, rng), n);
      expect(Math.abs(direct.mean - lambda)).toBeLessThan(5 * se);
    },
  );

  it("multinomial resampling keeps N exactly with binomial marginals", () => {
    const count = Float64Array.from([0, 1, 5, 40, 400, 3000, 0, 12]);
    const total = count.reduce((a, b) => a + b, 0);
    for (const direct of [false, true]) {
      const cells = direct ? Float64Array.from(count, (c) => Math.min(c, 1)) : count;
      const n = cells.reduce((a, b) => a + b, 0);
      const rs = new CellResampler(cells, "multinomial");
      const out = new Float64Array(cells.length);
      const rounds = 4000;
      const sum = new Float64Array(cells.length);
      const sum2 = new Float64Array(cells.length);
      for (let r = 0; r < rounds; r++) {
        rs.sample(rngForRound(1, r), out);
        expect(out.reduce((a, b) => a + b, 0)).toBe(n);
        out.forEach((x, k) => {
          sum[k] += x;
          sum2[k] += x * x;
        });
      }
      cells.forEach((c, k) => {
        const mean = sum[k] / rounds;
        const variance = sum2[k] / rounds - mean * mean;
        const expVar = c * (1 - c / n);
        expect(Math.abs(mean - c)).toBeLessThan(5 * Math.sqrt(expVar / rounds) + 1e-9);
        if (expVar > 0) expect(Math.abs(variance / expVar - 1)).toBeLessThan(0.12);
      });
    }
    expect(total).toBe(3458);
  });

  it("Poisson resampling draws every cell independently", () => {
    const rs = new CellResampler(Float64Array.from([3, 300]), "poisson");
    const out = new Float64Array(2);
    const totals = new Set<number>();
    for (let r = 0; r < 50; r++) {
      rs.sample(rngForRound(2, r), out);
      totals.add(out[0] + out[1]);
    }
    expect(totals.size).toBeGreaterThan(10);
  });

  it("quantiles use numpy's linear interpolation", () => {
    const x = Float64Array.from([1, 2, 4, 8, 16]);
    expect(quantileSorted(x, 0.025)).toBeCloseTo(1.1, 12);
    expect(quantileSorted(x, 0.975)).toBeCloseTo(15.2, 12);
    expect(quantileSorted(x, 0.5)).toBe(4);
  });
});
