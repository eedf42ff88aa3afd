"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export interface ProgressState {
  status: string;
  verdicts: number;
  total: number;
  pauseReason: string | null;
  error: string | null;
}

const ACTIVE = new Set(["queued", "running"]);

/** The run's progress, polled from the API each second while it runs; the page re-renders when it stops. */
export function JudgeRunProgress({ runId, initial }: { runId: string; initial: ProgressState }) {
  const [s, setS] = useState(initial);
  const router = useRouter();
  useEffect(() => {
    if (!ACTIVE.has(s.status)) return;
    let stopped = false;
    const t = setInterval(async () => {
      const res = await fetch(`/api/admin/judges/runs/${runId}?view=progress`, { cache: "no-store" }).catch(
        () => null,
      );
      if (!res?.ok || stopped) return;
      const { run } = (await res.json()) as {
        run: {
          status: string;
          verdicts: number;
          totalBattles: number;
          pauseReason: string | null;
          error: string | null;
        };
      };
      setS({
        status: run.status,
        verdicts: run.verdicts,
        total: 2 * run.totalBattles,
        pauseReason: run.pauseReason,
        error: run.error,
      });
      if (!ACTIVE.has(run.status)) router.refresh();
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, [runId, s.status, router]);
  const share = s.total === 0 ? 0 : s.verdicts / s.total;
  return (
    <div className="space-y-1" data-testid="judge-progress">
      <div className="flex flex-wrap items-baseline gap-x-3 text-sm">
        <span>
          Status: <strong data-testid="judge-status">{s.status}</strong>
        </span>
        <span className="tabular-nums" data-testid="judge-verdicts">
          {s.verdicts} / {s.total} verdicts
        </span>
        {s.pauseReason ? <span className="text-amber-700 dark:text-amber-400">{s.pauseReason}</span> : null}
        {s.error ? <span className="text-rose-600 dark:text-rose-400">{s.error}</span> : null}
      </div>
      <div
        role="progressbar"
        aria-label="Judge run progress"
        aria-valuemin={0}
        aria-valuemax={s.total}
        aria-valuenow={s.verdicts}
        className="h-2 w-full overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div
          className="h-full bg-indigo-600 transition-all"
          style={{ width: `${(100 * share).toFixed(1)}%` }}
        />
      </div>
    </div>
  );
}
