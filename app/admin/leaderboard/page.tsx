import { recomputeNowAction } from "@/app/admin/leaderboard/actions";
import { ActionForm } from "@/components/admin/action-form";
import { requirePageRole } from "@/lib/auth";
import { getSnapshotsForCompare, listSnapshots } from "@/lib/db/admin-stats";

export const metadata = { title: "Leaderboard" };

type Params = Record<string, string | string[] | undefined>;
const UUID = /^[0-9a-f-]{36}$/i;

export default async function AdminLeaderboardPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePageRole("maintainer");
  const p = await searchParams;
  const category = typeof p.category === "string" && p.category ? p.category : "overall";
  const pick = [p.a, p.b].filter((v): v is string => typeof v === "string" && UUID.test(v));
  const [snapshots, compared] = await Promise.all([
    listSnapshots({ category }),
    pick.length === 2 ? getSnapshotsForCompare({ ids: pick }) : Promise.resolve([]),
  ]);
  return (
    <div className="space-y-6">
      <ActionForm
        action={recomputeNowAction}
        submitLabel="Recompute now"
        pendingLabel="Recomputing…"
        variant="primary"
        testId="recompute"
      />
      {compared.length === 2 ? <Compare a={compared[0]} b={compared[1]} /> : null}
      <form method="get" className="space-y-2" aria-label="Compare two snapshots">
        <input type="hidden" name="category" value={category} />
        <h2 className="font-semibold">
          Snapshots · {category}{" "}
          <span className="text-sm font-normal text-zinc-500">(pick A and B, then Compare)</span>
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="snapshots">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="p-1">A</th>
                <th className="p-1">B</th>
                <th className="p-1">Computed</th>
                <th className="p-1">Kind</th>
                <th className="p-1">Votes</th>
                <th className="p-1">Vote-set hash</th>
                <th className="p-1">Params</th>
                <th className="p-1">Code</th>
              </tr>
            </thead>
            <tbody>
              {snapshots.map((s, i) => (
                <tr key={s.id} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="p-1">
                    <input
                      type="radio"
                      name="a"
                      value={s.id}
                      defaultChecked={i === 1}
                      aria-label={`Snapshot ${i + 1} as A`}
                    />
                  </td>
                  <td className="p-1">
                    <input
                      type="radio"
                      name="b"
                      value={s.id}
                      defaultChecked={i === 0}
                      aria-label={`Snapshot ${i + 1} as B`}
                    />
                  </td>
                  <td className="p-1">{s.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td className="p-1">{s.kind}</td>
                  <td className="p-1 tabular-nums">{s.numVotes}</td>
                  <td className="p-1 font-mono text-xs">{s.voteSetHash.slice(0, 16)}</td>
                  <td className="p-1 font-mono text-xs">{JSON.stringify(s.params)}</td>
                  <td className="p-1 text-xs">{s.codeVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button
          type="submit"
          className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700"
        >
          Compare
        </button>
      </form>
    </div>
  );
}

function Compare({ a, b }: { a: Awaited<ReturnType<typeof getSnapshotsForCompare>>[number]; b: typeof a }) {
  const models = [...new Set([...a.rows, ...b.rows].map((r) => r.model))];
  const ra = new Map(a.rows.map((r) => [r.model, r.rating]));
  const rb = new Map(b.rows.map((r) => [r.model, r.rating]));
  const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(1));
  return (
    <section aria-label="Comparison" className="overflow-x-auto">
      <p className="mb-2 text-sm">
        A: {a.createdAt.toISOString()} ({a.numVotes} votes, hash {a.voteSetHash.slice(0, 12)}) · B:{" "}
        {b.createdAt.toISOString()} ({b.numVotes} votes, hash {b.voteSetHash.slice(0, 12)})
        {a.voteSetHash === b.voteSetHash ? " · same vote set" : ""}
      </p>
      <table className="w-full text-sm" data-testid="compare">
        <thead className="text-xs text-zinc-500">
          <tr>
            <th className="p-1 text-left">Model</th>
            <th className="p-1 text-right">A</th>
            <th className="p-1 text-right">B</th>
            <th className="p-1 text-right">B − A</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const x = ra.get(m);
            const y = rb.get(m);
            return (
              <tr key={m} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="p-1">{m}</td>
                <td className="p-1 text-right tabular-nums">{fmt(x)}</td>
                <td className="p-1 text-right tabular-nums">{fmt(y)}</td>
                <td className="p-1 text-right tabular-nums">
                  {x !== undefined && y !== undefined ? fmt(y - x) : "—"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
