export default function Loading() {
  return (
    <div role="status" className="animate-pulse space-y-3">
      <div className="h-8 w-48 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-64 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
      <span className="sr-only">Loading the leaderboard…</span>
    </div>
  );
}
