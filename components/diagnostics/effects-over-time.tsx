"use client";

import { useId, useState } from "react";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { EffectWindow } from "@/lib/ratings/diagnostics/effects-over-time";

// System colours follow the page's light or dark scheme (color-scheme: light dark).
const TOOLTIP_STYLE = { backgroundColor: "Canvas", color: "CanvasText", borderColor: "GrayText" };
const TICK = { fontSize: 11, fill: "currentColor" };
const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const pts = (x: number | null) => (x === null ? "–" : x.toFixed(1));

/**
 * One covariate's effect per window of votes: the line is the effect (rating points per
 * typical difference), the band its 95% interval, the dashed line zero. A select picks the
 * covariate; the same numbers are in a table below the chart for screen readers and copying.
 */
export function EffectsOverTimeChart({
  windows,
  names,
}: {
  windows: EffectWindow[];
  /** Feature id → its name in words. */
  names: Record<string, string>;
}) {
  const features = [
    ...new Set(windows.flatMap((w) => w.effects.filter((e) => !e.constant).map((e) => e.feature))),
  ];
  const [feature, setFeature] = useState(
    features.includes("sum_assistant_tokens") ? "sum_assistant_tokens" : (features[0] ?? ""),
  );
  const selectId = useId();
  if (features.length === 0) return null;
  const rows = windows.map((w) => {
    const e = w.effects.find((x) => x.feature === feature && !x.constant);
    return {
      label: `${day(w.from)} – ${day(w.to)}`,
      short: day(w.to).slice(5),
      n: w.n,
      effect: e ? Math.round(e.eloPerSd * 10) / 10 : null,
      lo: e?.ciLower ?? null,
      hi: e?.ciUpper ?? null,
      ci: e && e.ciLower !== null && e.ciUpper !== null ? [e.ciLower, e.ciUpper] : null,
    };
  });
  const name = names[feature] ?? feature;
  return (
    <div className="space-y-2" data-testid="effects-over-time">
      <label htmlFor={selectId} className="mr-2 text-sm">
        Covariate
      </label>
      <select
        id={selectId}
        value={feature}
        onChange={(e) => setFeature(e.target.value)}
        data-testid="effects-over-time-feature"
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      >
        {features.map((f) => (
          <option key={f} value={f}>
            {names[f] ?? f}
          </option>
        ))}
      </select>
      <div
        className="h-64 text-zinc-600 dark:text-zinc-300"
        role="img"
        aria-label={`${name}: effect in rating points over ${windows.length} windows of votes, with 95% intervals; the same numbers are in the table below`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ left: 4, right: 12, top: 8, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
            <XAxis dataKey="short" tick={TICK} minTickGap={16} />
            <YAxis tick={TICK} width={44} allowDecimals={false} />
            <ReferenceLine y={0} stroke="currentColor" strokeDasharray="4 4" />
            <Tooltip
              contentStyle={TOOLTIP_STYLE}
              labelFormatter={(_, p) => (p?.[0]?.payload as { label?: string } | undefined)?.label ?? ""}
              formatter={(v, key) =>
                key === "ci" && Array.isArray(v)
                  ? [`${pts(v[0] as number)} to ${pts(v[1] as number)}`, "95% interval"]
                  : [typeof v === "number" ? v.toFixed(1) : String(v), "effect (points)"]
              }
            />
            <Area
              dataKey="ci"
              stroke="none"
              fill="#6366f1"
              fillOpacity={0.2}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              dataKey="effect"
              stroke="#4f46e5"
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
              connectNulls
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer">Table: {name} per window</summary>
        <div className="overflow-x-auto">
          <table className="mt-2 w-full max-w-xl" data-testid="effects-over-time-table">
            <thead>
              <tr className="text-left text-zinc-600 dark:text-zinc-400">
                <th className="py-1 pr-3 font-medium">Votes cast</th>
                <th className="py-1 pr-3 text-right font-medium">Votes</th>
                <th className="py-1 pr-3 text-right font-medium">Effect</th>
                <th className="py-1 text-right font-medium">95% interval</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-1 pr-3">{r.label}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{r.n}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{pts(r.effect)}</td>
                  <td className="py-1 text-right tabular-nums">
                    {r.lo === null || r.hi === null ? "–" : `${pts(r.lo)} to ${pts(r.hi)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
