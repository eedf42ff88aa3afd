"use client";

import { Button } from "@/components/ui/button";
import { type ScreenSide, SIDE_LABEL, type SideResult } from "@/lib/arena/sides";
import type { RevealedModel } from "@/lib/arena/types";
import type { AnswerView } from "./live-state";
import { Markdown } from "./markdown";
import { RevealedModelName, resultRing } from "./revealed-model";

const words = (text: string) => (text.match(/\S+/g) ?? []).length;
const seconds = (ms: number | null) => (ms === null ? "" : ` · ${(ms / 1000).toFixed(1)} s`);

function statusLine(a: AnswerView): string {
  switch (a.status) {
    case "waiting":
      return "waiting for the model…";
    case "streaming":
      return `answering… ${words(a.text)} words`;
    case "done":
      return `done${seconds(a.latencyMs)}${a.tokens ? ` · ${a.tokens} tokens` : ""}`;
    case "stopped":
      return a.stoppedBy === "voter" ? "stopped by you" : "stopped (the page was closed)";
    case "error":
      return "failed";
  }
}

/** One model's answer to one turn; only the current turn has controls. */
export function LiveSidePanel({
  side,
  turn,
  current,
  answer,
  model,
  outcome,
  onStop,
  onRetry,
  onNewBattle,
}: {
  side: ScreenSide;
  turn: number;
  current: boolean;
  answer: AnswerView;
  model: RevealedModel | null;
  outcome: SideResult | null;
  onStop: () => void;
  onRetry: () => void;
  onNewBattle: () => void;
}) {
  const label = SIDE_LABEL[side];
  const base = current ? `live-${side}` : `live-${side}-${turn}`;
  const active = answer.status === "waiting" || answer.status === "streaming";
  const ring = resultRing(outcome);
  return (
    <section
      aria-label={`${label}, turn ${turn + 1}`}
      aria-busy={active}
      data-testid={base}
      data-status={answer.status}
      className={`flex min-w-0 flex-col rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${ring}`}
    >
      <header className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
        <span className="font-medium">{label}</span>
        <RevealedModelName model={model} outcome={outcome} testId={`${base}-model`} />
        <span className="ml-auto text-xs text-zinc-500" data-testid={`${base}-status`}>
          {statusLine(answer)}
        </span>
        {current && active ? (
          <Button className="px-2 py-1 text-xs" onClick={onStop} data-testid={`stop-${side}`}>
            Stop
          </Button>
        ) : null}
      </header>
      {active ? (
        <div className="h-0.5 overflow-hidden bg-zinc-100 dark:bg-zinc-800" aria-hidden="true">
          <div className="h-full w-1/3 bg-indigo-500 motion-safe:animate-[arena-progress_1.2s_ease-in-out_infinite]" />
        </div>
      ) : null}
      <div
        className={`max-h-[60vh] overflow-y-auto px-4 py-3 ${answer.text || active ? "min-h-24" : ""}`}
        data-testid={`${base}-text`}
      >
        {answer.text ? (
          <Markdown>{answer.text}</Markdown>
        ) : answer.status === "waiting" ? (
          <p className="animate-pulse text-sm text-zinc-400">Waiting for the first words…</p>
        ) : answer.status === "stopped" ? (
          <p className="text-sm text-zinc-400">Stopped before any text arrived.</p>
        ) : null}
      </div>
      {answer.status === "error" && answer.error ? (
        <div
          role="alert"
          data-testid={`${base}-error`}
          className="m-3 mt-0 rounded-md border border-rose-300 bg-rose-50 p-3 text-sm dark:border-rose-900 dark:bg-rose-950"
        >
          <p className="font-medium">This model could not answer.</p>
          <p className="mt-1 text-zinc-700 dark:text-zinc-300">{answer.error.message}</p>
          {current ? (
            <div className="mt-2 flex gap-2">
              <Button onClick={onRetry} data-testid={`retry-${side}`}>
                Retry
              </Button>
              <Button onClick={onNewBattle} data-testid={`new-battle-${side}`}>
                New battle
              </Button>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
