"use client";

// A client component so the page's RSC payload carries the numbers, not every cell's
// markup (the server still renders the HTML, so it works without JavaScript).
// A win-rate or count matrix as an accessible table with coloured cells: it is both
// the chart and the table fallback (screen readers and narrow screens scroll it).

const alpha = (a: number) => Math.round(a * 100) / 100;

function cellColor(value: number | null, kind: "rate" | "count", max: number): string {
  if (value === null) return "transparent";
  if (kind === "count") return `rgba(79,70,229,${alpha(0.1 + (0.8 * value) / max)})`;
  // Diverging: red below 50%, green above.
  const d = value - 0.5;
  return d >= 0
    ? `rgba(5,150,105,${alpha(Math.min(0.9, d * 1.8))})`
    : `rgba(220,38,38,${alpha(Math.min(0.9, -d * 1.8))})`;
}

export function Heatmap({
  title,
  models,
  names,
  values,
  kind,
  testId,
}: {
  title: string;
  models: string[];
  names: Record<string, string>;
  values: (number | null)[][];
  kind: "rate" | "count";
  testId: string;
}) {
  const max = kind === "count" ? Math.max(1, ...values.flat().map((v) => v ?? 0)) : 1;
  const fmt = (v: number | null) =>
    v === null ? "" : kind === "rate" ? `${Math.round(v * 100)}` : String(v);
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <div className="max-w-full overflow-x-auto">
        <table
          className="border-collapse text-xs [&_td]:h-8 [&_td]:w-8 [&_td]:border [&_td]:border-zinc-200 [&_td]:text-center [&_td]:tabular-nums dark:[&_td]:border-zinc-800"
          data-testid={testId}
        >
          <thead>
            <tr>
              <th scope="col" className="sr-only">
                Row model
              </th>
              {models.map((m) => (
                <th key={m} scope="col" className="h-28 w-8 align-bottom font-normal">
                  <span className="inline-block max-w-28 origin-bottom-left translate-x-3 -rotate-60 truncate whitespace-nowrap">
                    {names[m] ?? m}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {models.map((row, i) => (
              <tr key={row}>
                <th scope="row" className="max-w-40 truncate pr-2 text-right font-normal">
                  {names[row] ?? row}
                </th>
                {models.map((col, j) => (
                  <td
                    key={col}
                    title={`${names[row] ?? row} vs ${names[col] ?? col}: ${fmt(values[i][j]) || "no battles"}${kind === "rate" && values[i][j] !== null ? "%" : ""}`}
                    style={{
                      background:
                        i === j
                          ? "repeating-linear-gradient(45deg,#e4e4e7 0 2px,transparent 2px 6px)"
                          : cellColor(values[i][j], kind, max),
                    }}
                  >
                    {i === j ? "" : fmt(values[i][j])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
