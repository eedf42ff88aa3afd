import Link from "next/link";
import { INPUT_CLASS } from "@/components/admin/action-form";
import { DataTable, ROW_CLASS } from "@/components/admin/data-table";
import { requirePageRole } from "@/lib/auth";
import { countVotesByReason, searchVotes, type VoteFilters } from "@/lib/db/admin-votes";

export const metadata = { title: "Votes" };

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
const date = (v: string | undefined) =>
  v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : undefined;

export default async function VotesPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePageRole("maintainer");
  const p = await searchParams;
  const to = date(one(p.to));
  const filters: VoteFilters = {
    model: one(p.model),
    category: one(p.category),
    exclusion: one(p.exclusion),
    from: date(one(p.from)),
    // A bare "to" date includes that day.
    to: to ? new Date(to.getTime() + 86_400_000) : undefined,
  };
  const page = Math.max(0, Number(one(p.page) ?? 0) || 0);
  const [{ rows, total }, reasons] = await Promise.all([
    searchVotes({ filters, limit: 50, offset: page * 50 }),
    countVotesByReason(),
  ]);
  const qs = (n: number) => {
    const q = new URLSearchParams(
      Object.entries(p).flatMap(([k, v]) => (typeof v === "string" && k !== "page" ? [[k, v]] : [])),
    );
    q.set("page", String(n));
    return `?${q}`;
  };
  return (
    <div className="space-y-4">
      <form
        method="get"
        className="grid gap-2 text-sm sm:grid-cols-3 lg:grid-cols-6"
        aria-label="Filter votes"
      >
        <label>
          Model <input name="model" defaultValue={filters.model} className={INPUT_CLASS} placeholder="slug" />
        </label>
        <label>
          Category{" "}
          <input name="category" defaultValue={filters.category} className={INPUT_CLASS} placeholder="code" />
        </label>
        <label>
          Exclusion
          <select name="exclusion" defaultValue={filters.exclusion ?? ""} className={INPUT_CLASS}>
            <option value="">any</option>
            <option value="counted">counted</option>
            <option value="excluded">excluded</option>
            {reasons
              .filter((r) => r.reason !== "counted")
              .map((r) => (
                <option key={r.reason} value={r.reason}>
                  {r.reason}
                </option>
              ))}
          </select>
        </label>
        <label>
          From <input type="date" name="from" defaultValue={one(p.from)} className={INPUT_CLASS} />
        </label>
        <label>
          To <input type="date" name="to" defaultValue={one(p.to)} className={INPUT_CLASS} />
        </label>
        <button type="submit" className="self-end rounded-md bg-indigo-600 px-3 py-1.5 text-white">
          Filter
        </button>
      </form>
      <p className="text-sm" data-testid="votes-total">
        {total} votes match · per reason: {reasons.map((r) => `${r.reason} ${r.n}`).join(" · ")}
      </p>
      <DataTable
        columns={["When", "Left", "Right", "Vote", "Categories", "Counts", "Voter"]}
        rowCount={rows.length}
        empty="No votes match these filters."
        caption="Votes, newest first"
        testId="votes"
      >
        {rows.map((v) => (
          <tr key={v.battleId} className={ROW_CLASS}>
            <td className="p-1.5 whitespace-nowrap">
              <Link href={`/admin/battles/${v.battleId}`} className="underline">
                {v.createdAt.toISOString().slice(0, 16).replace("T", " ")}
              </Link>
            </td>
            <td className="p-1.5">{v.left}</td>
            <td className="p-1.5">{v.right}</td>
            <td className="p-1.5">{v.choice}</td>
            <td className="p-1.5">{v.categories.join(", ")}</td>
            <td className="p-1.5">{v.countsForPublic ? "yes" : v.exclusionReason}</td>
            <td className="p-1.5">
              <Link href={`/admin/voters/${v.voterId}`} className="font-mono text-xs underline">
                {v.voterId.slice(0, 8)}
              </Link>
            </td>
          </tr>
        ))}
      </DataTable>
      <nav className="flex gap-4 text-sm" aria-label="Pages">
        {page > 0 ? <Link href={qs(page - 1)}>← Newer</Link> : null}
        {(page + 1) * 50 < total ? <Link href={qs(page + 1)}>Older →</Link> : null}
      </nav>
    </div>
  );
}
