"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect, useState } from "react";
import { PAGE_UNAVAILABLE_TEXT } from "@/lib/outage-page";

const POLL_MS = 5_000;

/**
 * A page that failed to render. Production hides the cause from the browser, so when the
 * database is what failed (/api/ready says it is unreachable) this says so and shows the
 * page again by itself once the database is back. Requests that arrive while the outage
 * is known are answered 503 before rendering (proxy.ts); this covers the first ones.
 */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const router = useRouter();
  const [databaseDown, setDatabaseDown] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let wasDown = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      let down = false;
      try {
        const res = await fetch("/api/ready", { cache: "no-store" });
        const body = (await res.json().catch(() => null)) as { checks?: { database?: string } } | null;
        down = res.status === 503 && /unreachable/.test(body?.checks?.database ?? "");
      } catch {
        // The server itself does not answer: nothing more to say than the generic message.
      }
      if (cancelled) return;
      if (down) {
        wasDown = true;
        setDatabaseDown(true);
        timer = setTimeout(check, POLL_MS);
      } else if (wasDown) {
        startTransition(() => {
          router.refresh();
          reset();
        });
      }
    };
    void check();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [router, reset]);

  if (databaseDown) {
    return (
      <div
        role="alert"
        data-testid="database-unavailable"
        className="rounded-lg border border-amber-300 bg-amber-50 p-6 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
      >
        <h1 className="font-semibold">The database is unreachable</h1>
        <p className="mt-1 text-sm">{PAGE_UNAVAILABLE_TEXT}</p>
        <p className="mt-1 text-sm">Nothing you did caused this; the page comes back by itself.</p>
      </div>
    );
  }
  return (
    <div role="alert" className="rounded-lg border border-rose-300 bg-rose-50 p-6 dark:bg-rose-950">
      <h1 className="font-semibold">Something went wrong.</h1>
      <p className="mt-1 text-sm">
        The error was logged{error.digest ? ` (reference ${error.digest})` : ""}. You can try again.
      </p>
      <button type="button" onClick={reset} className="mt-3 rounded-md border px-3 py-1.5 text-sm">
        Try again
      </button>
    </div>
  );
}
