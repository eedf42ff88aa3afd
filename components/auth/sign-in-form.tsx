"use client";

import { startTransition, useActionState } from "react";
import { type SignInState, signInAction } from "@/app/signin/actions";
import { Button } from "@/components/ui/button";

const INPUT =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { status: "idle" });
  return (
    <form
      action={action}
      // Submitted by hand with scripts on: a form action clears the fields afterwards, and
      // after a wrong password the email should still be there.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
      className="space-y-3"
      aria-label="Sign in with a password"
    >
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div>
        <label htmlFor="email" className="mb-1 block text-sm font-medium">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required className={INPUT} />
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={INPUT}
        />
      </div>
      <Button type="submit" variant="primary" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p role="alert" className="min-h-5 text-sm text-rose-600 dark:text-rose-400" data-testid="signin-error">
        {state.status === "error" ? state.message : null}
      </p>
    </form>
  );
}
