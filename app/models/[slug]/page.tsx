import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HistoryChart } from "@/components/leaderboard/history-chart";
import { ModelOriginLine } from "@/components/models/model-origin";
import { getLatestSnapshot, listModelInfo, listSnapshotHistory } from "@/lib/db/leaderboard";
import { getModelInfo, getModelOrigin, listSampleBattles } from "@/lib/db/models-public";
import { replicaLag } from "@/lib/db/replica";
import { type GroupRank, rankWithinGroups } from "@/lib/leaderboard/board";
import { describeReplicaLag } from "@/lib/leaderboard/freshness-text";
import { opponentRecords } from "@/lib/leaderboard/records";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  return { title: decodeURIComponent(slug) };
}

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);
const RESULT_LABEL = { won: "won", lost: "lost", tie: "tie", both_bad: "both bad" } as const;

export default async function ModelPage({ params }: { params: Promise<{ slug: string }> }) {
  const slug = decodeURIComponent((await params).slug);
  const model = await getModelInfo({ slug });
  if (!model) notFound();
  const [origin, snapshot, history, samples, all, lag] = await Promise.all([
    getModelOrigin({ slug }),
    getLatestSnapshot({ category: "overall", kind: "plain" }),
    listSnapshotHistory({ category: "overall", kind: "plain", limit: 100 }),
    listSampleBattles({ slug, limit: 8 }),
    listModelInfo(),
    replicaLag(),
  ]);
  const replica = describeReplicaLag(lag ? lag.lagS : undefined);
  const names = Object.fromEntries(all.map((m) => [m.slug, m.displayName]));
  const result = snapshot?.result;
  const row = result?.rows.find((r) => r.model === slug);
  const facts = [
    model.organization,
    model.license,
    model.openWeights ? "open weights" : null,
    model.status !== "active" ? model.status : null,
  ]
    .filter(Boolean)
    .join(" · ");
  const ranks = result ? rankWithinGroups(result) : new Map<string, GroupRank>();
  const rank = ranks.get(slug);
  const groupCount = new Set([...ranks.values()].map((r) => r.group)).size;
  const records = result?.matrices ? opponentRecords(result.matrices, slug) : [];

  return (
    <div className="space-y-6">
      <div>
        <Link href="/leaderboard" className="text-sm text-zinc-500 hover:underline">
          ← Leaderboard
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">{model.displayName}</h1>
        {facts ? <p className="text-sm text-zinc-600 dark:text-zinc-400">{facts}</p> : null}
        {origin ? <ModelOriginLine origin={origin} /> : null}
        {row ? (
          <p className="mt-2 text-lg" data-testid="model-rating">
            Rating <strong>{row.rating.toFixed(0)}</strong>
            {row.ciLower !== null && row.ciUpper !== null
              ? ` (95% CI ${row.ciLower.toFixed(0)}–${row.ciUpper.toFixed(0)})`
              : ""}{" "}
            · rank (UB) {rank?.rankUb ?? row.rankUb}
            {groupCount > 1 && rank ? ` in group ${rank.group + 1} of ${groupCount}` : ""} · {row.numBattles}{" "}
            votes
          </p>
        ) : (
          <p className="mt-2 text-sm">Not rated yet.</p>
        )}
        {replica ? (
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="replica-lag">
            {replica[0].toUpperCase() + replica.slice(1)}.
          </p>
        ) : null}
      </div>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Record against each opponent</h2>
        {records.length === 0 ? (
          <p className="text-sm text-zinc-500">No counted battles yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <table className="w-full text-sm" data-testid="opponent-table">
              <thead className="bg-zinc-100 text-left text-xs uppercase text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Opponent
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    W / T / L
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Win rate (no ties)
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    95% CI
                  </th>
                  <th scope="col" className="hidden px-3 py-2 text-right sm:table-cell">
                    Predicted
                  </th>
                </tr>
              </thead>
              <tbody>
                {records.map((r) => (
                  <tr
                    key={r.opponent}
                    className="border-t border-zinc-100 dark:border-zinc-800"
                    data-testid="opponent-row"
                  >
                    <td className="px-3 py-2">
                      <Link href={`/models/${encodeURIComponent(r.opponent)}`} className="hover:underline">
                        {names[r.opponent] ?? r.opponent}
                      </Link>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {r.wins} / {r.ties} / {r.losses}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{pct(r.winRate)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {r.ciLower === null ? "–" : `${pct(r.ciLower)}–${pct(r.ciUpper)}`}
                    </td>
                    <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">
                      {pct(r.predicted)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Rating over time</h2>
        <HistoryChart
          points={history.map((h) => ({ t: h.createdAt.toISOString(), ratings: h.ratings }))}
          models={[slug]}
          names={names}
        />
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Recent battles</h2>
        {samples.length === 0 ? (
          <p className="text-sm text-zinc-500">No counted battles yet.</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {samples.map((s) => (
              <li key={s.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
                <span className="font-medium">{RESULT_LABEL[s.result]}</span> vs {s.opponent}:{" "}
                <span className="text-zinc-600 dark:text-zinc-400">
                  {s.prompt.length >= 300 ? `${s.prompt}…` : s.prompt}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
