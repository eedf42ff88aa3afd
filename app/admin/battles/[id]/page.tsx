import Link from "next/link";
import { notFound } from "next/navigation";
import { Markdown } from "@/components/arena/markdown";
import { requirePageRole } from "@/lib/auth";
import { getBattleAsSeen } from "@/lib/db/admin-votes";

export const metadata = { title: "Battle" };

/** The battle as the voter saw it: the same left/right sides, then the vote and the hidden names. */
export default async function BattlePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole("maintainer");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const b = await getBattleAsSeen({ battleId: id });
  if (!b) notFound();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        {b.mode} battle · {b.status} · {b.createdAt.toISOString()} · voter{" "}
        <Link href={`/admin/voters/${b.voterId}`} className="font-mono underline">
          {b.voterId.slice(0, 8)}
        </Link>
        {Array.isArray(b.leakFlags) && b.leakFlags.length > 0 ? " · identity leaked" : ""}
      </p>
      {b.turns.map((t) => (
        <section key={t.turn} className="space-y-2">
          <p className="rounded bg-zinc-100 p-2 text-sm whitespace-pre-wrap dark:bg-zinc-900">{t.prompt}</p>
          <div className="grid gap-3 md:grid-cols-2">
            {(["left", "right"] as const).map((side) => (
              <div key={side} className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
                <p className="mb-1 text-xs text-zinc-600 dark:text-zinc-400">
                  {side === "left" ? "A (left)" : "B (right)"} · {side === "left" ? b.left : b.right}
                </p>
                <Markdown>{(side === "left" ? t.left : t.right) ?? ""}</Markdown>
              </div>
            ))}
          </div>
        </section>
      ))}
      <p className="text-sm" data-testid="battle-vote">
        {b.vote
          ? `Vote: ${b.vote.choice} · ${b.vote.countsForPublic ? "counts" : `excluded (${b.vote.exclusionReason})`}`
          : "Not voted."}
      </p>
    </div>
  );
}
