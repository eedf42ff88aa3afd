"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ConsoleStats } from "@/lib/db/admin-stats";

// Each chart has a table twin (below it, in a <details>) so the numbers are reachable by keyboard and screen readers.

function Chart({ title, children, empty }: { title: string; children: React.ReactElement; empty: boolean }) {
  return (
    <section className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" aria-label={title}>
      <h2 className="mb-2 text-sm font-semibold">{title}</h2>
      {empty ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No data in this window.</p>
      ) : (
        <div className="h-60" role="img" aria-label={title}>
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}

function Table({ rows }: { rows: Record<string, unknown>[] }) {
  if (rows.length === 0) return null;
  const cols = Object.keys(rows[0]);
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer">Table</summary>
      <table className="w-full">
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c} className="text-left">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={cols.map((c) => String(r[c])).join("|")}>
              {cols.map((c) => (
                <td key={c}>
                  {typeof r[c] === "number"
                    ? Number(r[c]).toFixed(Number.isInteger(r[c]) ? 0 : 3)
                    : String(r[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

// Recharts' tooltip is white with inherited text colour: unreadable in dark mode. The CSS
// system colours follow the page's color-scheme (light dark), so it matches either.
const TOOLTIP_STYLE = { backgroundColor: "Canvas", color: "CanvasText", borderColor: "GrayText" };
const BAR_CURSOR = { fill: "rgb(127 127 127 / 0.2)" };

export function StatsCharts({ stats }: { stats: ConsoleStats }) {
  const axis = { tick: { fontSize: 11 } };
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="stats-charts">
      <div>
        <Chart
          title="Votes per day (counted / excluded) and active voters"
          empty={stats.votesPerDay.length === 0}
        >
          <LineChart data={stats.votesPerDay}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
            <XAxis dataKey="day" {...axis} />
            <YAxis {...axis} width={40} />
            <Tooltip contentStyle={TOOLTIP_STYLE} />
            <Legend />
            <Line dataKey="counted" stroke="#4f46e5" dot={false} isAnimationActive={false} />
            <Line dataKey="excluded" stroke="#dc2626" dot={false} isAnimationActive={false} />
            <Line dataKey="voters" stroke="#059669" dot={false} isAnimationActive={false} />
          </LineChart>
        </Chart>
        <Table rows={stats.votesPerDay as unknown as Record<string, unknown>[]} />
      </div>
      {(
        [
          ["Votes per model", stats.perModel, "model", "votes"],
          ["Votes per category", stats.perCategory, "category", "votes"],
          ["Excluded votes per reason", stats.exclusions, "reason", "votes"],
          ["Live models: error rate", stats.liveModels, "model", "errorRate"],
          ["Live models: answer latency p50 / p95 (ms)", stats.liveModels, "model", "p50Ms"],
        ] as const
      ).map(([title, rows, key, value]) => (
        <div key={title}>
          <Chart title={title} empty={rows.length === 0}>
            <BarChart
              data={rows as unknown as Record<string, unknown>[]}
              layout="vertical"
              margin={{ left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
              <XAxis type="number" {...axis} />
              <YAxis type="category" dataKey={key} width={140} {...axis} />
              <Tooltip contentStyle={TOOLTIP_STYLE} cursor={BAR_CURSOR} />
              <Bar dataKey={value} fill="#4f46e5" isAnimationActive={false} />
              {value === "p50Ms" ? <Bar dataKey="p95Ms" fill="#d97706" isAnimationActive={false} /> : null}
            </BarChart>
          </Chart>
          <Table rows={rows as unknown as Record<string, unknown>[]} />
        </div>
      ))}
    </div>
  );
}
