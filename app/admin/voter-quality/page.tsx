import Link from "next/link";
import { requirePageRole } from "@/lib/auth";
import { readDiagnostics } from "@/lib/leaderboard/diagnostics-job";

export const metadata = { title: "Voter quality" };

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

/**
 * Per-voter signals from the latest diagnostics (lib/ratings/diagnostics/voter-quality.ts):
 * agreement with the fit against what its odds would give, side and length habits,
 * streaks and reading speed. Evidence for a maintainer deciding on a quarantine; nothing
 * here acts by itself.
 */
export default async function VoterQualityPage() {
  await requirePageRole("maintainer");
  const view = await readDiagnostics("overall");
  const rows = view.report?.voterQuality ?? [];
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
        a clicker&apos;s does not.{" "}
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
              <th className="py-1 font-medium">Flags</th>
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
                <td className="py-1 text-xs text-amber-800 dark:text-amber-300">{v.flags.join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? <p className="text-sm">No voter with enough counted votes yet.</p> : null}
    </section>
  );
}
