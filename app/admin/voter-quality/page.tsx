import Link from "next/link";
import { quarantineVoterAction } from "@/app/admin/voters/actions";
import { ActionForm } from "@/components/admin/action-form";
import { parsePolicy, type Threshold } from "@/lib/abuse/policy";
import { lowQualitySignal } from "@/lib/abuse/voter-quality-signal";
import { requirePageRole } from "@/lib/auth";
import { env } from "@/lib/env";
import { readDiagnostics } from "@/lib/leaderboard/diagnostics-job";

export const metadata = { title: "Voter quality" };

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

/**
 * Per-voter signals from the latest diagnostics (lib/ratings/diagnostics/voter-quality.ts):
 * agreement with the fit against what its odds would give, side and length habits,
 * streaks and reading speed, and the low-quality signs counted (lib/abuse/voter-quality-signal.ts):
 * at two or more the voter is flagged (an open suggestion, which also asks for a challenge
 * before their votes) and the row offers a one-click quarantine, audited like the one on the
 * voter's page. Nothing here quarantines by itself.
 */
export default async function VoterQualityPage() {
  await requirePageRole("maintainer");
  const view = await readDiagnostics("overall");
  const rows = view.report?.voterQuality ?? [];
  const t = parsePolicy(env().ARENA_ABUSE_POLICY).low_quality;
  return (
    <section className="space-y-3" aria-labelledby="vq-h">
      <h2 id="vq-h" className="font-semibold">
        Voter quality
      </h2>
      <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Voters with at least 5 counted votes, the most flagged first. Agreement is the share of decisive votes
        for the model the ratings favour, next to what a voter following the ratings&apos; own odds would
        reach; z below −3 is far more disagreement than chance. Too fast = faster than skimming both answers
        at 50 tokens a second. A reader&apos;s time grows with the answers&apos; length (correlation near 1);
        a clicker&apos;s does not. Low quality counts three signs (against the ratings at z ≤ −3 over 20
        decisive votes; half the votes too fast with time not growing with length; 15 same-side votes in a
        row): at {t.suggest} or more over {t.minVotes} votes the voter is flagged for a maintainer (and must
        pass a challenge before voting).{" "}
        {view.computedAt ? `Computed ${view.computedAt.toISOString()}.` : "Being computed — reload shortly."}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="voter-quality">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className="py-1 pr-2 font-medium">Voter</th>
              <th className="py-1 pr-2 text-right font-medium">Votes</th>
              <th className="py-1 pr-2 text-right font-medium">Agreement (expected)</th>
              <th className="py-1 pr-2 text-right font-medium">z</th>
              <th className="py-1 pr-2 text-right font-medium">Left</th>
              <th className="py-1 pr-2 text-right font-medium">Longer</th>
              <th className="py-1 pr-2 text-right font-medium">Streak</th>
              <th className="py-1 pr-2 text-right font-medium">Median s</th>
              <th className="py-1 pr-2 text-right font-medium">Too fast</th>
              <th className="py-1 pr-2 text-right font-medium">Time~length</th>
              <th className="py-1 pr-2 font-medium">Flags</th>
              <th className="py-1 font-medium">Low quality</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.voterId} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                <td className="py-1 pr-2">
                  <Link
                    href={`/admin/voters/${v.voterId}`}
                    className="font-mono text-xs underline-offset-4 hover:underline"
                  >
                    {v.voterId.slice(0, 8)}
                  </Link>
                </td>
                <td className="py-1 pr-2 text-right tabular-nums">{v.votes}</td>
                <td className="py-1 pr-2 text-right tabular-nums">
                  {pct(v.agreement)} ({pct(v.expectedAgreement)})
                </td>
                <td className="py-1 pr-2 text-right tabular-nums">{v.agreementZ?.toFixed(1) ?? "—"}</td>
                <td className="py-1 pr-2 text-right tabular-nums">{pct(v.leftShare)}</td>
                <td className="py-1 pr-2 text-right tabular-nums">{pct(v.longerShare)}</td>
                <td className="py-1 pr-2 text-right tabular-nums">{v.longestSideStreak}</td>
                <td className="py-1 pr-2 text-right tabular-nums">
                  {v.medianMs === null ? "—" : (v.medianMs / 1000).toFixed(1)}
                </td>
                <td className="py-1 pr-2 text-right tabular-nums">{pct(v.tooFastShare)}</td>
                <td className="py-1 pr-2 text-right tabular-nums">
                  {v.timeLengthCorrelation?.toFixed(2) ?? "—"}
                </td>
                <td className="py-1 pr-2 text-xs text-amber-800 dark:text-amber-300">{v.flags.join("; ")}</td>
                <LowQualityCell row={v} threshold={t} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? <p className="text-sm">No voter with enough counted votes yet.</p> : null}
    </section>
  );
}

function LowQualityCell({
  row,
  threshold: t,
}: {
  row: Parameters<typeof lowQualitySignal>[0];
  threshold: Threshold;
}) {
  const s = lowQualitySignal(row);
  const flagged = s.n >= t.minVotes && s.score >= t.suggest;
  const signs = s.detail.signs as string[];
  return (
    <td className="py-1 text-xs" data-testid={`low-quality-${row.voterId}`}>
      <span className={flagged ? "font-semibold text-rose-700 dark:text-rose-400" : "text-zinc-500"}>
        {s.score}/3{flagged ? " · flagged" : ""}
      </span>
      {signs.length > 0 ? (
        <span className="block text-zinc-600 dark:text-zinc-400">{signs.join("; ")}</span>
      ) : null}
      {flagged ? (
        <ActionForm
          action={quarantineVoterAction}
          submitLabel="Quarantine"
          pendingLabel="Quarantining…"
          testId={`quarantine-${row.voterId}`}
        >
          <input type="hidden" name="voterId" value={row.voterId} />
          <input type="hidden" name="reason" value={`low voter quality: ${signs.join("; ")}`.slice(0, 120)} />
        </ActionForm>
      ) : null}
    </td>
  );
}
