"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = ["#4f46e5", "#059669", "#dc2626", "#d97706", "#0891b2", "#7c3aed", "#db2777", "#65a30d"];

export interface HistoryPoint {
  t: string;
  ratings: Record<string, number>;
}

/** Rating over time from the snapshot history, for the given models (at most eight lines). */
export function HistoryChart({
  points,
  models,
  names,
}: {
  points: HistoryPoint[];
  models: string[];
  names: Record<string, string>;
}) {
  if (points.length === 0) {
    return <p className="text-sm text-zinc-500">The history appears after the first recompute.</p>;
  }
  const shown = models.slice(0, COLORS.length);
  const data = points.map((p) => ({ t: new Date(p.t).toLocaleString(), ...p.ratings }));
  // A line needs two points: a model rated in only one snapshot (every model, at first)
  // is drawn as a dot, or it would not show at all.
  const single = new Set(shown.filter((m) => points.filter((p) => m in p.ratings).length === 1));
  return (
    <div
      className="h-72"
      data-testid="history-chart"
      data-points={points.length}
      role="img"
      aria-label={
        points.length === 1
          ? "Ratings from the one snapshot so far"
          : `Ratings over time, ${points.length} snapshots`
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ left: 8, right: 16, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
          <XAxis dataKey="t" tick={{ fontSize: 11 }} minTickGap={40} />
          {/* Padding keeps a lone point (or the extremes) off the axis lines. */}
          <YAxis
            domain={[
              (lo: number) => Math.floor(lo / 10) * 10 - 10,
              (hi: number) => Math.ceil(hi / 10) * 10 + 10,
            ]}
            width={48}
            allowDecimals={false}
          />
          <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(0) : String(v))} />
          <Legend />
          {shown.map((m, i) => (
            <Line
              key={m}
              type="monotone"
              dataKey={m}
              name={names[m] ?? m}
              stroke={COLORS[i]}
              dot={single.has(m) ? { r: 4, fill: COLORS[i] } : false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
