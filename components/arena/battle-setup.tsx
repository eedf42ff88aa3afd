"use client";

import { useState } from "react";
import type { StartLiveBattleInput } from "@/lib/arena/live-schemas";
import type { LiveModelOption } from "@/lib/arena/live-types";
import { type ScreenSide, SIDE_LABEL } from "@/lib/arena/sides";
import { PromptBox } from "./prompt-box";

/** The first prompt, plus the choice between an anonymous and a named (voter-picked) battle. */
export function BattleSetup({
  options,
  drawable,
  starting,
  error,
  onStart,
}: {
  options: LiveModelOption[];
  drawable: number;
  starting: boolean;
  error: string | null;
  onStart: (input: StartLiveBattleInput) => void;
}) {
  const anonymousAvailable = drawable >= 2;
  const [mode, setMode] = useState<"anonymous" | "named">(anonymousAvailable ? "anonymous" : "named");
  const [left, setLeft] = useState(options[0]?.slug ?? "");
  const [right, setRight] = useState(options[1]?.slug ?? "");

  const modeButton = (value: "anonymous" | "named", label: string, disabled = false) => (
    <button
      type="button"
      data-testid={`mode-${value}`}
      aria-pressed={mode === value}
      disabled={disabled}
      onClick={() => setMode(value)}
      className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-50 ${
        mode === value ? "bg-white shadow-sm dark:bg-zinc-800" : "text-zinc-600 dark:text-zinc-400"
      }`}
    >
      {label}
    </button>
  );

  const picker = (side: ScreenSide, value: string, set: (v: string) => void) => (
    <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm">
      <span className="font-medium">
        {SIDE_LABEL[side]} ({side})
      </span>
      <select
        data-testid={`pick-${side}`}
        value={value}
        onChange={(e) => set(e.target.value)}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900"
      >
        {options.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.displayName}
            {o.organization ? ` (${o.organization})` : ""}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <fieldset className="inline-flex gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-950">
        <legend className="sr-only">Battle mode</legend>
        {modeButton("anonymous", "Anonymous", !anonymousAvailable)}
        {modeButton("named", "Pick the models")}
      </fieldset>
      {mode === "named" ? (
        <div className="space-y-2">
          <div className="flex flex-col gap-3 sm:flex-row">
            {picker("left", left, setLeft)}
            {picker("right", right, setRight)}
          </div>
          <p className="text-xs text-zinc-500">
            You know who is answering, so this vote is recorded but does not count toward the public
            leaderboard.
          </p>
        </div>
      ) : (
        <p className="text-xs text-zinc-500">
          Two models are drawn at random; their names are revealed after your vote.
        </p>
      )}
      <PromptBox
        label="Your prompt"
        placeholder="Ask anything… both models answer at the same time."
        submitLabel={starting ? "Starting…" : "Send"}
        disabled={starting || (mode === "named" && (!left || !right || left === right))}
        surprise
        autoFocus
        testId="live-prompt"
        onSubmit={(prompt) => {
          onStart(mode === "named" ? { prompt, mode, models: [left, right] } : { prompt, mode });
          return true;
        }}
      />
      {mode === "named" && left === right ? (
        <p className="text-sm text-amber-700 dark:text-amber-400">Pick two different models.</p>
      ) : null}
      {error ? (
        <p role="alert" data-testid="start-error" className="text-sm text-rose-700 dark:text-rose-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
