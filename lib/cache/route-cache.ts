import "server-only";
import { evictEntries } from "./route-cache-handler.mjs";

// The in-process ISR store is kept by lib/cache/route-cache-handler.mjs (see there for
// why it is ours). Keys are Next's route cache keys; every page key holds its pathname.

/** Drops every cached page whose key contains `pathname` (e.g. "/leaderboard"). */
export function evictCachedRoutes(pathname: string): number {
  return evictEntries((key) => key.includes(pathname));
}
