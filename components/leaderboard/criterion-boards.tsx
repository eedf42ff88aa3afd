"use client";

import { type KeyboardEvent, useRef, useState } from "react";
import type { CriterionBoard } from "@/lib/ratings/diagnostics/criteria";

const LABEL: Record<string, string> = {
  helpfulness: "Helpfulness",
  correctness: "Correctness",
  style: "Style",
};

/**
 * One leaderboard per criterion (WAI-ARIA tabs: arrow keys move between them). A criterion
 * below the vote threshold shows how many counted votes it still needs instead of a board.
 */
export function CriterionBoards({
  boards,
  names,
  limit = 15,
}: {
  boards: CriterionBoard[];
  names: Record<string, string>;
  limit?: number;
}) {
  const [active, setActive] = useState(
    Math.max(
      0,
      boards.findIndex((b) => b.status === "ok"),
    ),
  );
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const board = boards[active];
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (active + step + boards.length) % boards.length;
    setActive(next);
    tabs.current[next]?.focus();
  };
  if (!board) return null;
  return (
    <section className="space-y-3" data-testid="criterion-boards" aria-labelledby="criteria-h">
      <h2 id="criteria-h" className="text-lg font-semibold">
        By criterion
      </h2>
      <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        After voting, voters may also say which answer was more helpful, more correct and better written. Each
        criterion has its own Bradley-Terry fit (95% sandwich intervals), shown once it has {board.minVotes}{" "}
        counted votes.
      </p>
      <div
        role="tablist"
        aria-label="Criterion"
        className="flex flex-wrap gap-1 text-sm"
        onKeyDown={onKeyDown}
      >
        {boards.map((b, i) => (
          <button
            key={b.criterion}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`criterion-tab-${b.criterion}`}
            aria-selected={i === active}
            aria-controls={`criterion-panel-${b.criterion}`}
            tabIndex={i === active ? 0 : -1}
            data-testid={`criterion-tab-${b.criterion}`}
            onClick={() => setActive(i)}
            className={`rounded-md px-2 py-1 ${i === active ? "bg-indigo-600 text-white" : "hover:bg-zinc-200 dark:hover:bg-zinc-800"}`}
          >
            {LABEL[b.criterion] ?? b.criterion}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`criterion-panel-${board.criterion}`}
        aria-labelledby={`criterion-tab-${board.criterion}`}
        data-testid={`criterion-panel-${board.criterion}`}
      >
        {board.status === "needs_votes" ? (
          <p className="rounded-md border border-dashed border-zinc-300 p-4 text-sm dark:border-zinc-700">
            {board.numVotes} counted {LABEL[board.criterion]?.toLowerCase() ?? board.criterion} votes so far:{" "}
            <strong>{board.needed} more</strong> needed before this board is shown.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full max-w-2xl text-sm">
              <caption className="sr-only">
                {LABEL[board.criterion] ?? board.criterion} leaderboard from {board.numVotes} votes
              </caption>
              <thead>
                <tr className="text-left text-zinc-600 dark:text-zinc-400">
                  <th className="py-1 pr-3 font-medium">Rank (UB)</th>
                  <th className="py-1 pr-3 font-medium">Model</th>
                  <th className="py-1 pr-3 text-right font-medium">Rating</th>
                  <th className="py-1 pr-3 text-right font-medium">95% CI</th>
                  <th className="py-1 text-right font-medium">Votes</th>
                </tr>
              </thead>
              <tbody>
                {board.rows.slice(0, limit).map((r) => (
                  <tr key={r.model} className="border-t border-zinc-200 dark:border-zinc-800">
                    <td className="py-1 pr-3 tabular-nums">{r.rankUb}</td>
                    <td className="py-1 pr-3">{names[r.model] ?? r.model}</td>
                    <td className="py-1 pr-3 text-right tabular-nums">{Math.round(r.rating)}</td>
                    <td className="py-1 pr-3 text-right tabular-nums text-zinc-500">
                      {r.ciLower !== null && r.ciUpper !== null
                        ? `${Math.round(r.ciLower)}–${Math.round(r.ciUpper)}`
                        : ""}
                    </td>
                    <td className="py-1 text-right tabular-nums">{r.numBattles}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
