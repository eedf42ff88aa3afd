import Link from "next/link";
import { requirePageRole } from "@/lib/auth";
import { getConsoleOverview } from "@/lib/db/admin-stats";

export default async function AdminHome() {
  await requirePageRole("maintainer");
  const o = await getConsoleOverview();
  const cards: [string, string, string][] = [
    [
      "Live and corpus models",
      `${o.models.active ?? 0} active · ${o.models.paused ?? 0} paused · ${o.models.deprecated ?? 0} deprecated`,
      "/admin/models",
    ],
    ["Votes", String(o.votes), "/admin/votes"],
    ["Voters", `${o.voters} (${o.quarantined} quarantined)`, "/admin/voters"],
    ["Corpora", String(o.corpora), "/admin/corpora"],
    ["Last snapshot", o.lastSnapshotAt ? o.lastSnapshotAt.toISOString() : "none yet", "/admin/leaderboard"],
  ];
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {cards.map(([title, value, href]) => (
        <li key={title}>
          <Link
            href={href}
            className="block rounded-lg border border-zinc-200 bg-white p-4 hover:border-indigo-400 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <span className="block text-xs text-zinc-600 dark:text-zinc-400">{title}</span>
            <span className="text-lg font-semibold">{value}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
