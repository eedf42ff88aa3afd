import Link from "next/link";
import { notFound } from "next/navigation";
import { quarantineVoterAction, releaseVoterAction } from "@/app/admin/voters/actions";
import { ActionForm, Field } from "@/components/admin/action-form";
import { requirePageRole } from "@/lib/auth";
import { getVoterActivity, searchVotes } from "@/lib/db/admin-votes";

export const metadata = { title: "Voter" };

export default async function VoterPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole("maintainer");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const [activity, votes] = await Promise.all([
    getVoterActivity({ voterId: id }),
    searchVotes({ filters: { voterId: id }, limit: 20 }),
  ]);
  if (!activity) notFound();
  return (
    <div className="space-y-4">
      <h2 className="font-semibold">
        Voter <span className="font-mono text-sm">{activity.id}</span>
      </h2>
      <p className="text-sm" data-testid="voter-summary">
        First seen {activity.createdAt.toISOString().slice(0, 16)} · {activity.battles} battles ·{" "}
        {activity.votes} votes, {activity.counted} counted ·{" "}
        {activity.linkedAccount ? `linked to ${activity.linkedAccount}` : "guest"} ·{" "}
        {activity.quarantined ? (
          <strong className="text-rose-600 dark:text-rose-400">
            quarantined: {activity.quarantineReason}
          </strong>
        ) : (
          "not quarantined"
        )}
      </p>
      <p className="text-sm">
        Choices: {activity.choices.map((c) => `${c.choice} ${c.n}`).join(" · ") || "none"} · Per day:{" "}
        {activity.perDay.map((d) => `${d.day}: ${d.n}`).join(", ") || "none"}
      </p>
      {/* One form for both, so its confirmation stays when the page re-renders in the other state. */}
      <ActionForm
        action={activity.quarantined ? releaseVoterAction : quarantineVoterAction}
        submitLabel={activity.quarantined ? "Release" : "Quarantine"}
        variant={activity.quarantined ? "secondary" : "primary"}
        testId="quarantine-form"
      >
        <input type="hidden" name="voterId" value={activity.id} />
        {activity.quarantined ? (
          <Field key="note" label="Note (optional)" name="note" maxLength={500} />
        ) : (
          <Field
            key="reason"
            label="Reason (counted per reason; shown in dumps)"
            name="reason"
            required
            maxLength={120}
          />
        )}
      </ActionForm>
      <h3 className="font-semibold">Latest votes</h3>
      <ul className="text-sm">
        {votes.rows.map((v) => (
          <li key={v.battleId}>
            <Link href={`/admin/battles/${v.battleId}`} className="underline">
              {v.createdAt.toISOString().slice(0, 16)}
            </Link>{" "}
            {v.left} vs {v.right}: {v.choice} · {v.countsForPublic ? "counted" : v.exclusionReason}
          </li>
        ))}
        {votes.rows.length === 0 ? <li className="text-zinc-600 dark:text-zinc-400">No votes yet.</li> : null}
      </ul>
    </div>
  );
}
