import "server-only";
import { closeOrphanedAnswers } from "@/lib/db/live-streams";
import { abortAllStreams, localStreamCount } from "@/lib/live/registry";
import { inFlightCount, startDraining } from "./drain";
import { closeInstanceBus, instanceBus } from "./instance";

// Boot and shutdown of one app instance (instrumentation.ts calls startInstance once).
// Boot: join the signal bus, and close as interrupted the answers whose stream died with
// an instance (this one before a kill -9, or any other) — at once and then periodically.
// SIGTERM/SIGINT: stop taking traffic (readiness 503), let in-flight votes commit, close
// running streams as interrupted (their partial text is kept), then hand over to Next's
// own handler, which closes the server and exits.

const SWEEP_EVERY_MS = 15_000;
const VOTES_WAIT_MS = 10_000;
const STREAMS_WAIT_MS = 5_000;

const g = globalThis as unknown as { __arenaInstanceStarted?: boolean };

async function sweep(): Promise<void> {
  try {
    const settled = await closeOrphanedAnswers({ minAgeMs: 5_000 });
    if (settled.length > 0) console.error(`closed interrupted answers in ${settled.length} battle(s)`);
  } catch (error) {
    console.error("closing interrupted answers failed:", (error as Error).message);
  }
}

async function waitFor(done: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return done();
}

export async function shutdown(signal: string): Promise<void> {
  startDraining();
  console.error(
    `${signal}: draining (${inFlightCount()} vote(s), ${localStreamCount()} stream(s) in flight)`,
  );
  await waitFor(() => inFlightCount() === 0, VOTES_WAIT_MS);
  abortAllStreams();
  await waitFor(() => localStreamCount() === 0 && inFlightCount() === 0, STREAMS_WAIT_MS);
  await closeInstanceBus();
}

export function startInstance(): void {
  if (g.__arenaInstanceStarted) return;
  g.__arenaInstanceStarted = true;
  instanceBus();
  void sweep();
  setInterval(() => void sweep(), SWEEP_EVERY_MS).unref();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    // Next's handler (registered before instrumentation runs) exits at once: run it after ours.
    const next = process.listeners(signal);
    process.removeAllListeners(signal);
    process.once(signal, () => {
      void shutdown(signal).finally(() => {
        if (next.length === 0) process.exit(signal === "SIGTERM" ? 143 : 130);
        for (const listener of next) (listener as (s: NodeJS.Signals) => void)(signal);
      });
    });
  }
}
