import Link from "next/link";
import type { BoardRow } from "@/lib/leaderboard/types";

const fmtCi = (r: { rating: number; ciLower: number | null; ciUpper: number | null }) =>
  r.ciLower === null || r.ciUpper === null
    ? "–"
    : `+${(r.ciUpper - r.rating).toFixed(0)} / −${(r.rating - r.ciLower).toFixed(0)}`;

/** One model in the leaderboard table; with style control, the plain score and rank change beside it. */
export function LeaderboardRow({ row: r, styled }: { row: BoardRow; styled: boolean }) {
  const shown = styled && r.style ? r.style : r;
  const delta = r.style ? r.rankUb - r.style.rankUb : 0;
  return (
    <tr
      data-testid="leaderboard-row"
      data-model={r.model}
      className="border-t border-zinc-100 dark:border-zinc-800"
    >
      <td>{shown.rankUb}</td>
      <td className="font-medium">
        <Link href={`/models/${encodeURIComponent(r.model)}`} className="hover:underline">
          {r.displayName}
        </Link>
        {r.openWeights ? (
          <span className="ml-2 rounded bg-emerald-100 px-1 text-xs text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200">
            open
          </span>
        ) : null}
        {r.status === "deprecated" ? <span className="ml-2 text-xs text-zinc-500">deprecated</span> : null}
      </td>
      <td className="text-right" data-testid="rating">
        {shown.rating.toFixed(0)}
      </td>
      <td className="text-right text-zinc-600 dark:text-zinc-400">{fmtCi(shown)}</td>
      {styled ? (
        <td className="text-right" data-testid="rank-delta">
          {r.rating.toFixed(0)} · {delta > 0 ? `▲${delta}` : delta < 0 ? `▼${-delta}` : "="}
        </td>
      ) : null}
      <td className="text-right" data-testid="votes">
        {r.numBattles}
      </td>
      <td className="hidden sm:table-cell">{r.organization ?? "–"}</td>
      <td className="hidden md:table-cell">{r.license ?? "–"}</td>
    </tr>
  );
}
