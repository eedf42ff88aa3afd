"use client";

import { useActionState } from "react";
import { type RecomputeState, recomputeAction } from "@/app/leaderboard/actions";
import { Button } from "@/components/ui/button";

export function RecomputeForm() {
  const [state, action, pending] = useActionState<RecomputeState, FormData>(recomputeAction, {
    status: "idle",
  });
  return (
    <form
      action={action}
      className="flex flex-wrap items-center gap-2 text-sm"
      aria-label="Recompute leaderboard"
    >
      <label htmlFor="admin-token" className="text-zinc-600 dark:text-zinc-400">
        Maintainer
      </label>
      <input
        id="admin-token"
        name="token"
        type="password"
        autoComplete="off"
        placeholder="admin token"
        className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900"
      />
      <Button type="submit" disabled={pending} data-testid="recompute">
        {pending ? "Recomputing…" : "Recompute now"}
      </Button>
      <span role="status" className={state.status === "error" ? "text-rose-600" : "text-emerald-700"}>
        {state.status === "idle" ? null : state.message}
      </span>
    </form>
  );
}
