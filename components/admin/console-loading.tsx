/**
 * While a console page loads (its queries can take a moment on a large arena). Each
 * maintainer page folder re-exports it as its loading.tsx; not app/admin/loading.tsx:
 * a Suspense boundary above the admin-only pages would stream them with HTTP 200, so
 * their forbidden() for a maintainer could no longer answer 403.
 */
export default function ConsoleLoading() {
  return (
    <div role="status" aria-live="polite" className="space-y-3" data-testid="console-loading">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>
      <div className="h-4 w-2/3 animate-pulse rounded bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800" />
      <div className="h-4 w-1/2 animate-pulse rounded bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800" />
      <div className="h-32 animate-pulse rounded bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800" />
    </div>
  );
}
