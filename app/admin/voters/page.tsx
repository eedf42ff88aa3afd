import Link from "next/link";
import { DataTable, ROW_CLASS } from "@/components/admin/data-table";
import { requirePageRole } from "@/lib/auth";
import { countVotesByReason, listTopVoters } from "@/lib/db/admin-votes";
import { listQuarantines } from "@/lib/db/quarantine";

export const metadata = { title: "Voters" };

export default async function VotersPage() {
  await requirePageRole("maintainer");
  const [voters, quarantines, reasons] = await Promise.all([
    listTopVoters(),
    listQuarantines({ limit: 50 }),
    countVotesByReason(),
  ]);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="voters-h">
        <h2 id="voters-h" className="mb-2 font-semibold">
          Voters by votes
        </h2>
        <form action="/admin/voters/lookup" method="get" className="mb-2 flex gap-2 text-sm">
          <label className="sr-only" htmlFor="voter-id">
            Voter id
          </label>
          <input
            id="voter-id"
            name="id"
            placeholder="voter id"
            className="flex-1 rounded-md border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          />
          <button type="submit" className="rounded-md border border-zinc-300 px-2 dark:border-zinc-700">
            Open
          </button>
        </form>
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="voters-list">
          {voters.map((v) => (
            <li key={v.id} className="flex items-center justify-between gap-2 py-1.5">
              <Link
                href={`/admin/voters/${v.id}`}
                className="truncate font-mono text-xs underline-offset-4 hover:underline"
              >
                {v.id}
              </Link>
              <span className="shrink-0 tabular-nums">
                {v.counted}/{v.votes} counted
                {v.quarantined ? (
                  <span className="ml-2 text-rose-600 dark:text-rose-400">quarantined</span>
                ) : null}
              </span>
            </li>
          ))}
          {voters.length === 0 ? (
            <li className="py-1.5 text-zinc-600 dark:text-zinc-400">No voters yet.</li>
          ) : null}
        </ul>
      </section>
      <section className="space-y-6">
        <section aria-labelledby="reasons-h">
          <h2 id="reasons-h" className="mb-2 font-semibold">
            Votes per reason
          </h2>
          <DataTable
            columns={["Reason", { label: "Votes", numeric: true }]}
            rowCount={reasons.length}
            empty="No votes yet."
            caption="Votes per reason"
            testId="reason-counts"
          >
            {reasons.map((r) => (
              <tr key={r.reason} className={ROW_CLASS}>
                <td className="p-1.5">{r.reason}</td>
                <td className="p-1.5 text-right tabular-nums">{r.n}</td>
              </tr>
            ))}
          </DataTable>
        </section>
        <section aria-labelledby="q-h">
          <h2 id="q-h" className="mb-2 font-semibold">
            Quarantines
          </h2>
          <ul className="space-y-1 text-sm">
            {quarantines.map((q) => (
              <li key={q.id}>
                <Link href={`/admin/voters/${q.voterId}`} className="font-mono text-xs underline">
                  {q.voterId.slice(0, 8)}
                </Link>{" "}
                “{q.reason}” · {q.source} {q.actor ? `(${q.actor})` : ""} · {q.votes} votes ·{" "}
                {q.releasedAt ? `released ${q.releasedAt.toISOString().slice(0, 16)}` : "active"}
              </li>
            ))}
            {quarantines.length === 0 ? <li className="text-zinc-600 dark:text-zinc-400">None.</li> : null}
          </ul>
        </section>
      </section>
    </div>
  );
}
