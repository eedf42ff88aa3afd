"use client";

import { type KeyboardEvent, useRef, useState } from "react";
import { Heatmap } from "./heatmap";

export interface HeatmapView {
  id: string;
  label: string;
  title: string;
  kind: "rate" | "count";
  values: (number | null)[][];
}

/** The tab a key moves to (arrows wrap around), or null for keys the tabs ignore. */
function targetTab(key: string, active: number, count: number): number | null {
  switch (key) {
    case "ArrowRight":
      return (active + 1) % count;
    case "ArrowLeft":
      return (active + count - 1) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/**
 * The head-to-head matrices as one tabbed view (WAI-ARIA tabs: arrow keys, Home/End).
 * One table at a time reads better on a phone, and the cached page carries one
 * table's markup plus the other matrices' numbers instead of three tables.
 */
export function HeatmapTabs({
  views,
  models,
  names,
}: {
  views: HeatmapView[];
  models: string[];
  names: Record<string, string>;
}) {
  const [active, setActive] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const view = views[active];

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = targetTab(e.key, active, views.length);
    if (next === null) return;
    e.preventDefault();
    setActive(next);
    tabs.current[next]?.focus();
  };

  return (
    <div className="space-y-3">
      <div
        role="tablist"
        aria-label="Head-to-head matrix"
        className="flex flex-wrap gap-1 text-sm"
        onKeyDown={onKeyDown}
      >
        {views.map((v, i) => (
          <button
            key={v.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`heatmap-tab-${v.id}`}
            aria-selected={i === active}
            aria-controls={`heatmap-panel-${v.id}`}
            tabIndex={i === active ? 0 : -1}
            data-testid={`heatmap-tab-${v.id}`}
            onClick={() => setActive(i)}
            className={`rounded-md px-2 py-1 ${i === active ? "bg-indigo-600 text-white" : "hover:bg-zinc-200 dark:hover:bg-zinc-800"}`}
          >
            {v.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`heatmap-panel-${view.id}`} aria-labelledby={`heatmap-tab-${view.id}`}>
        <Heatmap
          key={view.id}
          title={view.title}
          names={names}
          kind={view.kind}
          testId={`heatmap-${view.id}`}
          models={models}
          values={view.values}
        />
      </div>
    </div>
  );
}
