"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/role-action";

/** A console form: fields as children, one submit button, the outcome announced below it. */
export function ActionForm({
  action,
  submitLabel,
  pendingLabel,
  children,
  testId,
  variant = "secondary",
  className = "",
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  submitLabel: string;
  pendingLabel?: string;
  children?: React.ReactNode;
  testId?: string;
  variant?: "primary" | "secondary";
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as ActionState);
  return (
    <form
      action={formAction}
      // With scripts on, submit by hand: a form `action` resets its fields afterwards, which
      // would wipe what the maintainer typed when the server refuses it. Without scripts
      // the plain form action still works.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      className={`space-y-2 ${className}`}
      data-testid={testId}
    >
      {children}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant={variant} disabled={pending}>
          {pending ? (pendingLabel ?? "Working…") : submitLabel}
        </Button>
        <p
          role={state.status === "error" || state.status === "invalid" ? "alert" : "status"}
          data-testid={testId ? `${testId}-result` : undefined}
          className={`text-sm ${state.status === "error" || state.status === "invalid" ? "text-rose-600 dark:text-rose-400" : "text-emerald-700 dark:text-emerald-400"}`}
        >
          {state.status === "idle" ? null : state.message}
        </p>
      </div>
    </form>
  );
}

export const INPUT_CLASS =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export function Field({
  label,
  name,
  hint,
  ...props
}: { label: string; name: string; hint?: string } & React.ComponentProps<"input">) {
  return (
    <label className="block text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <input name={name} className={INPUT_CLASS} {...props} />
      {hint ? <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span> : null}
    </label>
  );
}
