// Screening a voter reads their latest 300 votes and their address's last day of votes,
// so running it after every vote makes a fast voter's votes cost the most. It runs at
// most once per `everyMs` per voter: the first vote is screened at once, votes during the
// pause are screened together when it ends (with the newest address), and nothing is
// lost by waiting, because a quarantine excludes the voter's earlier votes too. The map
// is per process and holds only voters screened in the last `everyMs`: another instance
// screening the same voter meanwhile is repeated work, never a wrong answer.

export interface ScreenThrottle<A> {
  /** Screens `key` now, or once the current pause ends if it was screened within `everyMs`. */
  request(key: string, arg: A): void;
  /** Voters screened or waiting right now (for tests). */
  size(): number;
}

export function screenThrottle<A>(
  screen: (key: string, arg: A) => Promise<void>,
  everyMs: number,
): ScreenThrottle<A> {
  // Present: screened within everyMs. `next` set: more votes came meanwhile, screen them at the end.
  const entries = new Map<string, { next: { arg: A } | null }>();

  const start = (key: string, arg: A) => {
    const entry = { next: null as { arg: A } | null };
    entries.set(key, entry);
    screen(key, arg)
      .catch((error) => console.error("abuse screening failed:", error))
      .finally(() => {
        const timer = setTimeout(() => {
          entries.delete(key);
          if (entry.next) start(key, entry.next.arg);
        }, everyMs);
        timer.unref?.();
      });
  };

  return {
    request(key, arg) {
      const entry = entries.get(key);
      if (entry) entry.next = { arg };
      else start(key, arg);
    },
    size: () => entries.size,
  };
}
