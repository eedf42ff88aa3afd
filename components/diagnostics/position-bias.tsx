import type { Proportion } from "@/lib/ratings/diagnostics/proportion";

export const pctOf = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
export const intervalOf = (p: Proportion) =>
  p.ciLower === null || p.ciUpper === null ? "" : `${pctOf(p.ciLower)}–${pctOf(p.ciUpper)}`;

/** P(left wins) per model or per day, as a compact table. */
export function ProportionTable({
  title,
  rows,
  testId,
}: {
  title: string;
  rows: ({ label: string } & Proportion)[];
  testId: string;
}) {
  return (
    <table className="w-full max-w-xl text-sm" data-testid={testId}>
      <thead className="text-left text-zinc-500">
        <tr>
          <th className="py-1 pr-3 font-medium">{title}</th>
          <th className="py-1 pr-3 text-right font-medium">Decisive votes</th>
          <th className="py-1 pr-3 text-right font-medium">P(left wins)</th>
          <th className="py-1 text-right font-medium">95% interval</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} className="border-t border-zinc-200 dark:border-zinc-800">
            <td className="py-1 pr-3">{r.label}</td>
            <td className="py-1 pr-3 text-right tabular-nums">{r.n}</td>
            <td className="py-1 pr-3 text-right tabular-nums">{pctOf(r.p)}</td>
            <td className="py-1 text-right tabular-nums">{intervalOf(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
