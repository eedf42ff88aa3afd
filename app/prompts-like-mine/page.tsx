import type { Metadata } from "next";
import { listModelInfo } from "@/lib/db/leaderboard";
import { readSimilarBoard } from "@/lib/leaderboard/similar-job";

export const metadata: Metadata = { title: "Prompts like mine" };
export const dynamic = "force-dynamic";

export default async function PromptsLikeMinePage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string }>;
}) {
  const q = ((await searchParams).q ?? "").trim().slice(0, 2000);
  const [view, models] = await Promise.all([q ? readSimilarBoard(q) : null, listModelInfo()]);
  const names = new Map(models.map((m) => [m.slug, m.displayName]));
  const board = view?.status === "ok" ? view.board : null;
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">A leaderboard for prompts like mine</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Type a prompt: every counted vote is weighted by how similar its prompt is to yours (BM25 over the
          words), and the ratings are fitted on the weighted votes. The effective number of votes says how
          many equally weighted votes the board is worth; the intervals widen as it shrinks.
        </p>
      </div>
      <form method="get" className="flex max-w-3xl gap-2">
        <label htmlFor="similar-q" className="sr-only">
          Your prompt
        </label>
        <input
          id="similar-q"
          name="q"
          defaultValue={q}
          data-testid="similar-query"
          placeholder="e.g. write a SQL query that finds duplicate rows"
          className="min-w-0 flex-1 rounded-md border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 text-white">
          Rank
        </button>
      </form>
      {view?.status === "indexing" ? (
        <p role="status" data-testid="similar-indexing">
          The prompt index is being built from the votes — try again in a few seconds.
        </p>
      ) : null}
      {q && view?.status === "ok" && !board ? (
        <p data-testid="similar-none">No voted prompt shares a word with yours.</p>
      ) : null}
      {board && view?.status === "ok" ? (
        <section className="space-y-3" data-testid="similar-board">
          <p className="text-sm">
            {board.matchedPrompts} similar prompts, {board.matchedVotes} votes, worth{" "}
            <strong data-testid="similar-effective">{board.effectiveVotes.toFixed(1)}</strong> equally
            weighted votes · index of {view.indexedVotes} votes, computed in {view.ms} ms
          </p>
          <table className="w-full max-w-2xl text-sm">
            <thead className="text-left text-zinc-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Model</th>
                <th className="py-1 pr-3 text-right font-medium">Rating</th>
                <th className="py-1 text-right font-medium">95% interval</th>
              </tr>
            </thead>
            <tbody>
              {board.rows.map((r) => (
                <tr
                  key={r.model}
                  className="border-t border-zinc-200 dark:border-zinc-800"
                  data-testid="similar-row"
                >
                  <td className="py-1 pr-3">{names.get(r.model) ?? r.model}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{Math.round(r.rating)}</td>
                  <td className="py-1 text-right tabular-nums text-zinc-500">
                    {r.ciLower !== null && r.ciUpper !== null
                      ? `${Math.round(r.ciLower)}–${Math.round(r.ciUpper)}`
                      : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <details className="text-sm">
            <summary className="cursor-pointer">The closest prompts</summary>
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {board.topPrompts.map((p) => (
                <li key={p.prompt}>
                  <span className="tabular-nums text-zinc-500">
                    weight {p.weight.toFixed(2)}, {p.votes} votes:
                  </span>{" "}
                  {p.prompt.length > 200 ? `${p.prompt.slice(0, 200)}…` : p.prompt}
                </li>
              ))}
            </ul>
          </details>
        </section>
      ) : null}
    </div>
  );
}
