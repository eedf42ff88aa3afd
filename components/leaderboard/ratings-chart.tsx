"use client";

import {
  CartesianGrid,
  ErrorBar,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { BoardRow } from "@/lib/leaderboard/types";

/** Each model's rating with its 95% interval as a horizontal error bar, best at the top. */
export function RatingsChart({ rows }: { rows: BoardRow[] }) {
  const data = rows
    .filter((r) => r.ciLower !== null && r.ciUpper !== null)
    .slice(0, 30)
    .map((r) => ({
      name: r.displayName,
      rating: Math.round(r.rating),
      err: [r.rating - (r.ciLower ?? r.rating), (r.ciUpper ?? r.rating) - r.rating],
    }));
  if (data.length === 0) return <p className="text-sm text-zinc-500">No intervals to plot.</p>;
  const lo = Math.min(...rows.map((r) => r.ciLower ?? r.rating));
  const hi = Math.max(...rows.map((r) => r.ciUpper ?? r.rating));
  const pad = Math.max(10, (hi - lo) * 0.05);
  return (
    <div
      style={{ height: 60 + data.length * 28 }}
      data-testid="ratings-chart"
      role="img"
      aria-label="Ratings with 95% confidence intervals"
    >
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ left: 8, right: 16, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
          <XAxis
            type="number"
            dataKey="rating"
            domain={[Math.floor(lo - pad), Math.ceil(hi + pad)]}
            name="Rating"
          />
          <YAxis type="category" dataKey="name" width={140} interval={0} tick={{ fontSize: 12 }} reversed />
          <Tooltip cursor={false} formatter={(v) => [String(v), "Rating"]} />
          <Scatter data={data} fill="#4f46e5" isAnimationActive={false}>
            <ErrorBar dataKey="err" direction="x" width={4} stroke="#4f46e5" isAnimationActive={false} />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
