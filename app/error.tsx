"use client";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
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
