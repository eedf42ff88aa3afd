import type { Metadata } from "next";
import Link from "next/link";
import { EffectBars } from "@/components/diagnostics/effect-bars";
import { EffectsOverTimeChart } from "@/components/diagnostics/effects-over-time";
import { intervalOf, ProportionTable, pctOf } from "@/components/diagnostics/position-bias";
import { RankConfidenceTable } from "@/components/diagnostics/rank-confidence";
import { categoryLabel } from "@/lib/arena/categories";
import { listModelInfo, listSnapshotCategories } from "@/lib/db/leaderboard";
import { readDiagnostics } from "@/lib/leaderboard/diagnostics-job";
import { describeTrend, effectName } from "@/lib/leaderboard/diagnostics-report";

export const metadata: Metadata = { title: "What wins" };
export const dynamic = "force-dynamic";

const SHOWN = 12;
const fmt = (x: number) => x.toFixed(3);

export default async function WhatWinsPage({
  searchParams,
}: {
  searchParams: Promise<{ category?: string }>;
}) {
  const requested = (await searchParams).category ?? "overall";
  const categories = await listSnapshotCategories();
  const category = requested === "overall" || categories.includes(requested) ? requested : "overall";
  const [view, models] = await Promise.all([readDiagnostics(category), listModelInfo()]);
  const names = Object.fromEntries(models.map((m) => [m.slug, m.displayName]));
  const d = view.report;
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">What wins — and how sure the ranking is</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Why models win besides the quality of their answers, how much the position on screen matters, and
          how much to trust each rank. {categoryLabel(category)}.{" "}
          {categories.length > 1
            ? categories.map((c) => (
                <Link
                  key={c}
                  href={`/what-wins?category=${encodeURIComponent(c)}`}
                  className="mr-2 underline"
                >
                  {categoryLabel(c)}
                </Link>
              ))
            : null}
        </p>
        <p className="text-xs text-zinc-500" data-testid="diagnostics-meta">
          {d && view.computedAt
            ? `${d.numVotes} counted votes · computed ${view.computedAt.toISOString()}${view.stale ? " · newer votes are being analysed" : ""}`
            : "Being computed from the votes — reload in a few seconds."}{" "}
          · <Link href={`/api/leaderboard/diagnostics?category=${encodeURIComponent(category)}`}>JSON</Link>
        </p>
      </div>
      {d ? (
        <>
          <section className="space-y-3">
            <h2 className="text-lg font-semibold">What wins besides quality</h2>
            <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
              Each trait is fitted next to the model ratings (Bradley-Terry with covariates), so its effect is
              what voters reward beyond which model wrote the answer. A trait is measured as the difference
              between the two answers, (A − B)/(A + B + 1), and its effect is given in rating points per
              typical (one standard deviation) difference, with a 95% interval.
            </p>
            {d.effects.length > 0 ? (
              <EffectBars effects={d.effects} />
            ) : (
              <p className="text-sm">No votes with measured answers yet.</p>
            )}
          </section>

          <section className="space-y-3" data-testid="effects-over-time-section">
            <h2 className="text-lg font-semibold">How it changed over time</h2>
            <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
              The same effects fitted on consecutive windows of {d.effectsOverTime.params.minWindowVotes} or
              more votes each (at most {d.effectsOverTime.params.maxWindows} windows of equal size), so a
              preference that grows, fades or reverses shows as a trend.
            </p>
            {d.effectsOverTime.windows.length > 1 ? (
              <>
                <ul className="max-w-3xl list-disc space-y-1 pl-5 text-sm" data-testid="effect-trends">
                  {[...new Set(d.effectsOverTime.windows.flatMap((w) => w.effects.map((e) => e.feature)))]
                    .map((f) => describeTrend(f, d.effectsOverTime.windows))
                    .filter((t): t is string => t !== null)
                    .map((t) => (
                      <li key={t}>{t}</li>
                    ))}
                </ul>
                <EffectsOverTimeChart
                  windows={d.effectsOverTime.windows}
                  names={Object.fromEntries(
                    d.effectsOverTime.windows.flatMap((w) =>
                      w.effects.map((e) => [e.feature, effectName(e.feature)]),
                    ),
                  )}
                />
              </>
            ) : (
              <p className="text-sm" data-testid="effects-over-time-empty">
                Not enough votes yet: a trend needs at least {2 * d.effectsOverTime.params.minWindowVotes}{" "}
                counted votes with measured answers ({d.numVotes} so far).
              </p>
            )}
          </section>

          <section className="space-y-3" data-testid="position-bias">
            <h2 className="text-lg font-semibold">Position bias</h2>
            <p className="max-w-3xl text-sm">
              The left answer won <strong data-testid="p-left">{pctOf(d.positionBias.overall.p)}</strong> of{" "}
              {d.positionBias.overall.n} decisive votes (95% interval {intervalOf(d.positionBias.overall)}).
              Sides are dealt by a fair coin, so 50% means no bias.
              {d.sideControlled?.leftAdvantage
                ? ` Fitted next to the ratings, the left side is worth ${d.sideControlled.leftAdvantage.points.toFixed(1)} rating points.`
                : ""}
            </p>
            <div className="grid gap-6 lg:grid-cols-2">
              <ProportionTable
                title="Model"
                testId="position-bias-models"
                rows={d.positionBias.perModel
                  .slice(0, SHOWN)
                  .map((m) => ({ ...m, label: names[m.model] ?? m.model }))}
              />
              <ProportionTable
                title="Day"
                testId="position-bias-days"
                rows={d.positionBias.overTime
                  .slice(-SHOWN)
                  .map((t) => ({ ...t, label: new Date(t.from).toISOString().slice(0, 10) }))}
              />
            </div>
            {d.sideControlled ? (
              <details className="text-sm">
                <summary className="cursor-pointer">Side-controlled board</summary>
                <table className="mt-2 w-full max-w-xl" data-testid="side-controlled">
                  <tbody>
                    {d.sideControlled.rows.slice(0, 20).map((r) => (
                      <tr key={r.model} className="border-t border-zinc-200 dark:border-zinc-800">
                        <td className="py-1 pr-3">{names[r.model] ?? r.model}</td>
                        <td className="py-1 pr-3 text-right tabular-nums">{Math.round(r.rating)}</td>
                        <td className="py-1 text-right tabular-nums text-zinc-500">
                          {r.ciLower !== null && r.ciUpper !== null
                            ? `${Math.round(r.ciLower)}–${Math.round(r.ciUpper)}`
                            : ""}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            ) : null}
          </section>

          <RankConfidenceTable rows={d.rankConfidence.rows} rounds={d.rankConfidence.rounds} names={names} />

          {d.rankConfidence.models.length > 1 ? (
            <section className="space-y-2">
              <h2 className="text-lg font-semibold">Significantly better</h2>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                ✓ where the row model was rated above the column model in at least 97.5% of the resampled
                fits.
              </p>
              <div className="overflow-x-auto">
                <table className="text-xs" data-testid="significance">
                  <thead>
                    <tr>
                      <th />
                      {d.rankConfidence.models.slice(0, SHOWN).map((m) => (
                        <th key={m} className="px-1 font-normal [writing-mode:vertical-rl]">
                          {names[m] ?? m}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {d.rankConfidence.models.slice(0, SHOWN).map((m, i) => (
                      <tr key={m}>
                        <th className="pr-2 text-left font-normal">{names[m] ?? m}</th>
                        {d.rankConfidence.models.slice(0, SHOWN).map((o, j) => (
                          <td
                            key={o}
                            className="border border-zinc-200 px-1 text-center dark:border-zinc-800"
                            title={
                              d.rankConfidence.pBetter[i][j] === null
                                ? ""
                                : `P(better) ${pctOf(d.rankConfidence.pBetter[i][j])}`
                            }
                          >
                            {d.rankConfidence.significant[i][j] ? "✓" : ""}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}

          <section className="space-y-2" data-testid="cycles">
            <h2 className="text-lg font-semibold">Rock, paper, scissors</h2>
            <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
              Triangles where A beats B, B beats C and C beats A in the observed head-to-head votes (pairs
              with at least {d.cycles.minSupport} decisive votes). One rating per model cannot express these;
              a well-supported one means the ranking hides something.
            </p>
            {d.cycles.total === 0 ? (
              <p className="text-sm">No intransitive cycles.</p>
            ) : (
              <ul className="list-disc pl-5 text-sm">
                {d.cycles.cycles.slice(0, 10).map((c) => (
                  <li key={c.models.join(">")}>
                    {c.edges
                      .map(
                        (e) =>
                          `${names[e.winner] ?? e.winner} beat ${names[e.loser] ?? e.loser} ${pctOf(e.winRate)} of ${e.n}`,
                      )
                      .join(", ")}{" "}
                    — support {c.support}
                    {c.significant ? ", every edge significant" : ", not every edge significant"}
                  </li>
                ))}
                {d.cycles.total > 10 ? <li>… {d.cycles.total - 10} more</li> : null}
              </ul>
            )}
          </section>

          {d.holdout ? (
            <section className="space-y-2" data-testid="holdout">
              <h2 className="text-lg font-semibold">Does the model predict votes?</h2>
              <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
                {d.holdout.folds}-fold cross-validation: each vote is predicted by a fit that never saw it.
                Lower log-loss is better; a coin flip scores {fmt(Math.LN2)}.
              </p>
              <table className="w-full max-w-xl text-sm">
                <thead className="text-left text-zinc-500">
                  <tr>
                    <th className="py-1 pr-3 font-medium">Predictor</th>
                    <th className="py-1 pr-3 text-right font-medium">Log-loss</th>
                    <th className="py-1 text-right font-medium">Accuracy</th>
                  </tr>
                </thead>
                <tbody>
                  {(
                    [
                      ["bt", "Bradley-Terry ratings"],
                      ["modelWinRate", "Each model's win share"],
                      ["pairWinRate", "The pair's own record"],
                      ["coinFlip", "Coin flip"],
                    ] as const
                  ).map(([k, label]) => (
                    <tr key={k} className="border-t border-zinc-200 dark:border-zinc-800">
                      <td className="py-1 pr-3">{label}</td>
                      <td className="py-1 pr-3 text-right tabular-nums">{fmt(d.holdout!.logLoss[k])}</td>
                      <td className="py-1 text-right tabular-nums">{pctOf(d.holdout!.accuracy[k])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </>
      ) : (
        <p
          data-testid="diagnostics-computing"
          className="rounded-lg border border-dashed border-zinc-300 p-8 text-center"
        >
          The diagnostics are being computed from the votes.
        </p>
      )}
    </div>
  );
}
