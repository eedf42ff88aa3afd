import Link from "next/link";
import { num, pct, signed, withCi } from "@/components/admin/judge-format";
import type { JudgeRunResults } from "@/lib/judges/stats";
import { OUTCOMES } from "@/lib/judges/stats/agreement";

const LABEL: Record<string, string> = { a: "A", b: "B", tie: "Tie", both_bad: "Both bad", unparseable: "?" };

function Card({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <section
      className="space-y-1 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid={testId}
    >
      <h3 className="font-semibold">{title}</h3>
      <div className="space-y-1 text-sm">{children}</div>
    </section>
  );
}

/** A run's statistics: agreement and κ, position bias, self-preference, the two boards, the disagreements. */
export function JudgeResults({
  r,
  outputs,
}: {
  r: JudgeRunResults;
  /** The judge's raw answers on the disagreeing battles, by battle and order. */
  outputs: Record<string, { ab?: string; ba?: string }>;
}) {
  const a = r.agreement;
  const p = r.positionBias;
  const s = r.selfPreference;
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {r.battles} battles · {r.verdicts} verdicts ({r.unparseable} unparseable, left out) · intervals are
        95% bootstrap intervals over battles.
      </p>
      <div className="grid gap-3 md:grid-cols-2">
        <Card title="Agreement with humans" testId="judge-agreement">
          <p>
            Same verdict as the human vote: <strong>{withCi(a.rate)}</strong> of {a.n} verdicts
          </p>
          <p>
            Cohen's κ: <strong data-testid="judge-kappa">{withCi(a.kappa, "num")}</strong>
          </p>
          <p>
            Where both picked a winner ({a.decisive.n}): {withCi(a.decisive)}
          </p>
          <table className="mt-1 text-xs tabular-nums">
            <thead>
              <tr>
                <th className="p-1 text-left">human ↓ judge →</th>
                {OUTCOMES.map((o) => (
                  <th key={o} className="p-1">
                    {LABEL[o]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {OUTCOMES.map((h) => (
                <tr key={h}>
                  <th className="p-1 text-left">{LABEL[h]}</th>
                  {OUTCOMES.map((j) => (
                    <td key={j} className={`p-1 text-center ${h === j ? "font-semibold" : ""}`}>
                      {a.confusion[h][j]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Position bias" testId="judge-position-bias">
          <p>
            Verdict changes when the order flips:{" "}
            <strong data-testid="judge-flip-rate">{withCi(p.flipRate)}</strong> of {p.pairs} battles
          </p>
          <p>
            Decisive verdicts for the answer shown first: {withCi(p.firstRate)} of {p.decisive}
          </p>
          <p>
            Favours:{" "}
            <strong data-testid="judge-favoured">
              {p.favoured === "first"
                ? "the first answer"
                : p.favoured === "second"
                  ? "the second answer"
                  : "neither side"}
            </strong>
          </p>
        </Card>
        <Card title="Self-preference" testId="judge-self-preference">
          {s.family ? (
            <>
              <p>
                On {s.n} battles with exactly one side of the judge's family ({s.family}), the judge gives
                that side {pct(s.judgeOwnRate)} of the win; humans gave it {pct(s.humanOwnRate)}.
              </p>
              <p>
                Self-preference:{" "}
                <strong data-testid="judge-self-pref">
                  {signed(s.delta.value)}
                  {Number.isFinite(s.delta.ciLow)
                    ? ` (95% CI ${signed(s.delta.ciLow)} to ${signed(s.delta.ciHigh)})`
                    : ""}
                </strong>
              </p>
            </>
          ) : (
            <p>The judge model has no organisation, so its family is unknown.</p>
          )}
        </Card>
        <Card title="Judge's leaderboard vs humans'" testId="judge-leaderboards">
          <p>
            Kendall τ: <strong data-testid="judge-tau">{withCi(r.leaderboards.tau, "num")}</strong>
          </p>
          <p>
            Rank-biased overlap (p = 0.9):{" "}
            <strong data-testid="judge-rbo">{withCi(r.leaderboards.rbo, "num")}</strong>
          </p>
          <table className="mt-1 w-full text-xs tabular-nums">
            <thead className="text-zinc-500">
              <tr>
                <th className="p-1 text-left">Model</th>
                <th className="p-1">Human rank</th>
                <th className="p-1">Human rating</th>
                <th className="p-1">Judge rank</th>
                <th className="p-1">Judge rating</th>
              </tr>
            </thead>
            <tbody>
              {r.leaderboards.rows.map((row) => (
                <tr key={row.model} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="p-1">{row.model}</td>
                  <td className="p-1 text-center">{row.humanRank}</td>
                  <td className="p-1 text-center">{num(row.humanRating, 0)}</td>
                  <td className="p-1 text-center">{row.judgeRank}</td>
                  <td className="p-1 text-center">{num(row.judgeRating, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
      <section className="space-y-1" data-testid="judge-disagreements">
        <h3 className="font-semibold">Where they disagree most</h3>
        {r.disagreements.length === 0 ? (
          <p className="text-sm text-zinc-500">Nowhere: the judge agrees with every human vote.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="p-1">Battle</th>
                <th className="p-1">Model A</th>
                <th className="p-1">Model B</th>
                <th className="p-1">Human</th>
                <th className="p-1">Judge (A first)</th>
                <th className="p-1">Judge (B first)</th>
                <th className="p-1">Gap</th>
                <th className="p-1">Why</th>
              </tr>
            </thead>
            <tbody>
              {r.disagreements.map((d) => (
                <tr key={d.battleId} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="p-1">
                    <Link href={`/admin/battles/${d.battleId}`} className="underline">
                      {d.battleId.slice(0, 8)}
                    </Link>
                  </td>
                  <td className="p-1">{d.modelA}</td>
                  <td className="p-1">{d.modelB}</td>
                  <td className="p-1">{LABEL[d.human]}</td>
                  <td className="p-1">{d.judge.ab ? LABEL[d.judge.ab] : "–"}</td>
                  <td className="p-1">{d.judge.ba ? LABEL[d.judge.ba] : "–"}</td>
                  <td className="p-1 tabular-nums">{num(d.gap)}</td>
                  <td className="p-1">
                    <details>
                      <summary className="cursor-pointer text-xs">Judge's answers</summary>
                      {(["ab", "ba"] as const).map((o) =>
                        outputs[d.battleId]?.[o] ? (
                          <p key={o} className="mt-1 max-w-prose whitespace-pre-wrap text-xs">
                            <strong>{o === "ab" ? "A first" : "B first"}:</strong> {outputs[d.battleId][o]}
                          </p>
                        ) : null,
                      )}
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
