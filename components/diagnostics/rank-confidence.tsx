import type { RankConfidenceRow } from "@/lib/ratings/diagnostics/rank-confidence";

const pct = (x: number) => `${x >= 0.995 || x < 0.005 ? Math.round(x * 100) : (x * 100).toFixed(1)}%`;

/** Each model's rank under the bootstrap: P(#1), P(top 3) and the 95% range of ranks. */
export function RankConfidenceTable({
  rows,
  rounds,
  names,
  limit = 20,
}: {
  rows: RankConfidenceRow[];
  rounds: number;
  names: Record<string, string>;
  limit?: number;
}) {
  return (
    <section className="space-y-2" data-testid="rank-confidence">
      <h2 className="text-lg font-semibold">How sure is the ranking?</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        The votes resampled {rounds} times and the board refitted each time: how often each model came first
        or in the top 3 of its group, and the range its rank stayed in 95% of the time.
      </p>
      <table className="w-full max-w-2xl text-sm">
        <thead className="text-left text-zinc-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Model</th>
            <th className="py-1 pr-3 text-right font-medium">Rank</th>
            <th className="py-1 pr-3 text-right font-medium">P(#1)</th>
            <th className="py-1 pr-3 text-right font-medium">P(top 3)</th>
            <th className="py-1 text-right font-medium">95% rank range</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, limit).map((r) => (
            <tr
              key={r.model}
              className="border-t border-zinc-200 dark:border-zinc-800"
              data-testid="rank-row"
            >
              <td className="py-1 pr-3">{names[r.model] ?? r.model}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{r.rank}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{pct(r.pFirst)}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{pct(r.pTop3)}</td>
              <td className="py-1 text-right tabular-nums">
                {r.rankLower === r.rankUpper ? r.rankLower : `${r.rankLower}–${r.rankUpper}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
