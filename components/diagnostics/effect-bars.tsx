import { describeEffect, effectName } from "@/lib/leaderboard/diagnostics-report";
import type { Effect } from "@/lib/ratings/diagnostics/effects";

/** Each effect as a sentence, with a bar from the CI's lower to upper bound around zero. */
export function EffectBars({ effects }: { effects: Effect[] }) {
  const span = Math.max(
    25,
    ...effects.flatMap((e) => [Math.abs(e.ciLower ?? e.eloPerSd), Math.abs(e.ciUpper ?? e.eloPerSd)]),
  );
  const x = (v: number) => `${50 + (v / span) * 50}%`;
  return (
    <ul className="space-y-3" data-testid="effects">
      {effects.map((e) => (
        <li key={e.feature} className="space-y-1" data-testid={`effect-${e.feature}`}>
          <div className="flex items-baseline justify-between gap-4">
            <span className="font-medium">{effectName(e.feature)}</span>
            <span className="tabular-nums text-sm">
              {e.constant ? "—" : `${e.eloPerSd >= 0 ? "+" : ""}${e.eloPerSd.toFixed(1)} points`}
            </span>
          </div>
          {e.constant ? null : (
            <svg className="h-3 w-full" role="img" aria-label={`95% interval of ${effectName(e.feature)}`}>
              <line x1="50%" x2="50%" y1="0" y2="12" className="stroke-zinc-400" strokeWidth="1" />
              {e.ciLower !== null && e.ciUpper !== null ? (
                <line
                  x1={x(e.ciLower)}
                  x2={x(e.ciUpper)}
                  y1="6"
                  y2="6"
                  className="stroke-indigo-400"
                  strokeWidth="4"
                />
              ) : null}
              <circle cx={x(e.eloPerSd)} cy="6" r="4" className="fill-indigo-700 dark:fill-indigo-300" />
            </svg>
          )}
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{describeEffect(e)}</p>
        </li>
      ))}
    </ul>
  );
}
