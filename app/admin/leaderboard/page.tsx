import { recomputeNowAction } from "@/app/admin/leaderboard/actions";
import { ActionForm } from "@/components/admin/action-form";
import { DataTable, ROW_CLASS } from "@/components/admin/data-table";
import { Button } from "@/components/ui/button";
import { requirePageRole } from "@/lib/auth";
import { getSnapshotsForCompare, listSnapshots, type SnapshotRatings } from "@/lib/db/admin-stats";

export const metadata = { title: "Leaderboard" };

type Params = Record<string, string | string[] | undefined>;
const UUID = /^[0-9a-f-]{36}$/i;
const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);

export default async function AdminLeaderboardPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePageRole("maintainer");
  const p = await searchParams;
  const category = typeof p.category === "string" && p.category ? p.category : "overall";
  const pick = [p.a, p.b].filter((v): v is string => typeof v === "string" && UUID.test(v));
  const [snapshots, compared] = await Promise.all([
    listSnapshots({ category }),
    pick.length === 2 ? getSnapshotsForCompare({ ids: pick }) : Promise.resolve([]),
  ]);
  // Preselected: the newest plain snapshot (else the newest) as B, the one before it of the same kind as A.
  const newest = snapshots.find((s) => s.kind === "plain") ?? snapshots[0];
  const previous = snapshots.find((s) => s.kind === newest?.kind && s.createdAt < newest.createdAt);
  return (
    <div className="space-y-6">
      <ActionForm
        action={recomputeNowAction}
        submitLabel="Recompute now"
        pendingLabel="Recomputing…"
        variant="primary"
        testId="recompute"
      />
      {pick.length === 2 && compared.length !== 2 ? (
        <p role="alert" className="text-sm text-rose-600 dark:text-rose-400">
          One of the two snapshots no longer exists.
        </p>
      ) : null}
      {compared.length === 2 ? <Compare a={compared[0]} b={compared[1]} /> : null}
      {/* Keyed by the newest snapshot: after a recompute the radios start from the new defaults. */}
      <form key={snapshots[0]?.id} method="get" className="space-y-2" aria-labelledby="snapshots-h">
        <input type="hidden" name="category" value={category} />
        <h2 id="snapshots-h" className="font-semibold">
          Snapshots · {category}{" "}
          <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">
            (pick A and B, then Compare)
          </span>
        </h2>
        <DataTable
          columns={["A", "B", "Computed", "Kind", "Votes", "Vote-set hash", "Params", "Code"]}
          rowCount={snapshots.length}
          empty="No snapshot yet: Recompute now makes the first."
          caption="Snapshot history, newest first"
          testId="snapshots"
        >
          {snapshots.map((s, i) => (
            <tr key={s.id} className={ROW_CLASS}>
              <td className="p-1.5">
                <input
                  type="radio"
                  name="a"
                  value={s.id}
                  defaultChecked={s.id === previous?.id}
                  aria-label={`Snapshot ${i + 1} (${s.kind}, ${when(s.createdAt)}) as A`}
                />
              </td>
              <td className="p-1.5">
                <input
                  type="radio"
                  name="b"
                  value={s.id}
                  defaultChecked={s.id === newest?.id}
                  aria-label={`Snapshot ${i + 1} (${s.kind}, ${when(s.createdAt)}) as B`}
                />
              </td>
              <td className="p-1.5 whitespace-nowrap">{when(s.createdAt)}</td>
              <td className="p-1.5">{s.kind}</td>
              <td className="p-1.5 tabular-nums">{s.numVotes}</td>
              <td className="p-1.5 font-mono text-xs">{s.voteSetHash.slice(0, 16)}</td>
              <td className="p-1.5 font-mono text-xs break-all">{JSON.stringify(s.params)}</td>
              <td className="p-1.5 text-xs">{s.codeVersion}</td>
            </tr>
          ))}
        </DataTable>
        {snapshots.length >= 2 ? <Button type="submit">Compare</Button> : null}
      </form>
    </div>
  );
}

function Compare({ a, b }: { a: SnapshotRatings; b: SnapshotRatings }) {
  const models = [...new Set([...a.rows, ...b.rows].map((r) => r.model))];
  const ra = new Map(a.rows.map((r) => [r.model, r.rating]));
  const rb = new Map(b.rows.map((r) => [r.model, r.rating]));
  const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(1));
  return (
    <section aria-labelledby="compare-h" className="space-y-2">
      <h2 id="compare-h" className="font-semibold">
        Comparison
      </h2>
      <p className="text-sm" data-testid="compare-meta">
        A: {when(a.createdAt)} · {a.kind} · {a.numVotes} votes · hash {a.voteSetHash.slice(0, 12)}
        <br />
        B: {when(b.createdAt)} · {b.kind} · {b.numVotes} votes · hash {b.voteSetHash.slice(0, 12)}
        <br />
        {a.voteSetHash === b.voteSetHash
          ? "Same vote set."
          : `Different vote sets (${b.numVotes - a.numVotes >= 0 ? "+" : ""}${b.numVotes - a.numVotes} votes).`}
        {a.kind !== b.kind ? " Different kinds: ratings are not on one scale." : ""}
      </p>
      <DataTable
        columns={[
          "Model",
          { label: "A", numeric: true },
          { label: "B", numeric: true },
          { label: "B − A", numeric: true },
        ]}
        rowCount={models.length}
        empty="Neither snapshot rates any model."
        caption="Ratings in A and B"
        testId="compare"
      >
        {models.map((m) => {
          const x = ra.get(m);
          const y = rb.get(m);
          return (
            <tr key={m} className={ROW_CLASS}>
              <td className="p-1.5">{m}</td>
              <td className="p-1.5 text-right tabular-nums">{fmt(x)}</td>
              <td className="p-1.5 text-right tabular-nums">{fmt(y)}</td>
              <td className="p-1.5 text-right tabular-nums">
                {x !== undefined && y !== undefined ? fmt(y - x) : "—"}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </section>
  );
}
