import Link from "next/link";

const LINKS: { href: string; label: string; admin?: boolean }[] = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/models", label: "Models" },
  { href: "/admin/corpora", label: "Corpora" },
  { href: "/admin/labels", label: "Labels" },
  { href: "/admin/votes", label: "Votes" },
  { href: "/admin/voters", label: "Voters" },
  { href: "/admin/voter-quality", label: "Voter quality" },
  { href: "/admin/leaderboard", label: "Leaderboard" },
  { href: "/admin/stats", label: "Stats" },
  { href: "/admin/judges", label: "Judges" },
  { href: "/admin/settings", label: "Arena settings" },
  { href: "/admin/users", label: "Users", admin: true },
  { href: "/admin/audit", label: "Audit log", admin: true },
];

export function AdminNav({ isAdmin }: { isAdmin: boolean }) {
  return (
    <nav
      aria-label="Console"
      className="flex flex-wrap gap-x-4 gap-y-1 border-b border-zinc-200 pb-2 text-sm dark:border-zinc-800"
    >
      {LINKS.filter((l) => !l.admin || isAdmin).map((l) => (
        <Link
          key={l.href}
          href={l.href}
          className="rounded px-1 text-zinc-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300"
        >
          {l.label}
          {l.admin ? <span className="ml-1 text-xs text-amber-700 dark:text-amber-400">(admin)</span> : null}
        </Link>
      ))}
    </nav>
  );
}
