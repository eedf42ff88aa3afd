import type { Estimate } from "@/lib/judges/stats/types";

// Numbers as the judges pages print them: NaN (nothing to measure yet) as "–".

export const pct = (x: number, digits = 1) => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : "–");
export const num = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : "–");
export const signed = (x: number, digits = 1) =>
  Number.isFinite(x) ? `${x > 0 ? "+" : ""}${(100 * x).toFixed(digits)} pts` : "–";

/** "62.5% (95% CI 55.0–70.0%)" or "0.81 (95% CI 0.74–0.88)". */
export function withCi(e: Estimate, as: "pct" | "num" = "pct"): string {
  const f = as === "pct" ? (x: number) => pct(x) : (x: number) => num(x);
  if (!Number.isFinite(e.value)) return "–";
  if (!Number.isFinite(e.ciLow)) return f(e.value);
  return `${f(e.value)} (95% CI ${f(e.ciLow)} to ${f(e.ciHigh)})`;
}
