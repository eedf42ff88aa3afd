"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/role-action";

/** One submit button per value of `name` (the pressed one is sent); the current value is disabled. */
export interface Choices {
  name: string;
  options: { value: string; label: string; current?: boolean; testId?: string }[];
}

/**
 * A console form: fields as children, one submit button (or `choices`), the outcome
 * announced below it. The outcome stays on screen when the page re-renders with the
 * new state, even if `action` or `submitLabel` change with it (same position, same state).
 */
export function ActionForm({
  action,
  submitLabel,
  pendingLabel,
  choices,
  children,
  testId,
  variant = "secondary",
  className = "",
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  submitLabel?: string;
  pendingLabel?: string;
  choices?: Choices;
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
        // With the pressed button's name and value, as a plain form submission would send.
        const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
        startTransition(() => formAction(data));
      }}
      className={`space-y-2 ${className}`}
      data-testid={testId}
    >
      {children}
      <div className="flex flex-wrap items-center gap-3">
        {choices ? (
          choices.options.map((o) => (
            <Button
              key={o.value}
              type="submit"
              name={choices.name}
              value={o.value}
              variant={variant}
              disabled={pending || o.current}
              aria-pressed={o.current ? true : undefined}
              data-testid={o.testId}
            >
              {o.label}
            </Button>
          ))
        ) : (
          <Button type="submit" variant={variant} disabled={pending}>
            {pending ? (pendingLabel ?? "Working…") : submitLabel}
          </Button>
        )}
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
      {hint ? <span className="mt-0.5 block text-xs text-zinc-600 dark:text-zinc-400">{hint}</span> : null}
    </label>
  );
}
