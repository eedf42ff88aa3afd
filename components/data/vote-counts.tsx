import { categoryLabel } from "@/lib/arena/categories";
import type { CategoryCount, StatsSummary } from "@/lib/export/stats";

function Row({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div className="flex justify-between gap-4 border-t border-zinc-100 py-1.5 first:border-t-0 dark:border-zinc-800">
      <dt>{label}</dt>
      <dd className="tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Vote counts under the current filters (every figure comes from lib/export/stats). */
export function VoteCounts({ summary, categories }: { summary: StatsSummary; categories: CategoryCount[] }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <dl className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <Row label="Votes matching the filters" value={summary.total} testId="count-total" />
        <Row label="Counted for the public leaderboard" value={summary.counted} testId="count-counted" />
        <Row label="Excluded" value={summary.excluded} testId="count-excluded" />
        {summary.byReason.map((r) => (
          <div
            key={r.reason}
            className="flex justify-between gap-4 py-1 pl-4 text-zinc-600 dark:text-zinc-400"
            data-testid="excluded-reason"
          >
            <dt>{r.reason}</dt>
            <dd className="tabular-nums">{r.votes}</dd>
          </div>
        ))}
        <Row label="In named battles" value={summary.named} testId="count-named" />
        <Row label="Multi-turn" value={summary.multiTurn} testId="count-multi-turn" />
      </dl>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-sm">
          <caption className="sr-only">Votes per category</caption>
          <thead className="bg-zinc-100 text-left text-xs uppercase tracking-wide text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2">
                Category
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Votes
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Counted
              </th>
            </tr>
          </thead>
          <tbody>
            {categories.length === 0 ? (
              <tr>
                <td colSpan={3} className="px-3 py-2 text-zinc-500">
                  No tagged battles.
                </td>
              </tr>
            ) : (
              categories.map((c) => (
                <tr
                  key={c.tag}
                  data-testid="category-count"
                  data-tag={c.tag}
                  className="border-t border-zinc-100 dark:border-zinc-800"
                >
                  <td className="px-3 py-1.5">{categoryLabel(c.tag)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{c.total}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{c.counted}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
