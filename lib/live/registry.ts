import "server-only";
import type { ScreenSide } from "@/lib/arena/sides";
import { isStreamRunning, streamKey } from "@/lib/db/live-streams";
import { instanceBus, publishSignal } from "@/lib/instances/instance";

// The streams this process is running, so Stop (a separate request, maybe served by
// another instance) can abort one side's upstream call. Each running stream also holds
// its lock on this instance's Postgres session (lib/db/instance-session.ts), which is how
// other instances know it is alive; a Stop that lands elsewhere reaches this process as
// a signal (lib/instances/signals.ts). No sticky routing needed.

export type StopReason = "voter" | "disconnected" | "shutdown";

interface Entry {
  controller: AbortController;
  voterId: string;
  reason: StopReason | null;
}

// On globalThis so development reloads of this module do not orphan running streams.
const store = globalThis as unknown as { __arenaLiveStreams?: Map<string, Entry> };
store.__arenaLiveStreams ??= new Map<string, Entry>();
const streams = store.__arenaLiveStreams;

export interface StreamHandle {
  signal: AbortSignal;
  /** Resolves once other instances can see the stream (its lock is taken, or the session is down). */
  visible: Promise<void>;
  /** Why the stream was aborted, if it was. */
  reason(): StopReason | null;
  abort(reason: StopReason): void;
  release(): void;
}

/** Registers one side's stream; the caller must `release()` it when the side settles. */
export function registerStream(battleId: string, side: ScreenSide, voterId: string): StreamHandle {
  const key = streamKey(battleId, side);
  const entry: Entry = { controller: new AbortController(), voterId, reason: null };
  streams.set(key, entry);
  const session = instanceBus().session;
  const visible = session.hold(key);
  return {
    signal: entry.controller.signal,
    visible,
    reason: () => entry.reason,
    abort: (reason) => abortEntry(entry, reason),
    release: () => {
      if (streams.get(key) === entry) streams.delete(key);
      void visible.then(() => session.release(key));
    },
  };
}

function abortEntry(entry: Entry, reason: StopReason) {
  entry.reason ??= reason;
  entry.controller.abort(new DOMException(`arena: ${reason}`, "AbortError"));
}

export function isStreaming(battleId: string, side: ScreenSide): boolean {
  return streams.has(streamKey(battleId, side));
}

/** Aborts a stream of this process. Only the battle's own voter can stop it. */
export function stopLocalStream(battleId: string, side: ScreenSide, voterId: string): boolean {
  const entry = streams.get(streamKey(battleId, side));
  if (!entry || entry.voterId !== voterId || entry.controller.signal.aborted) return false;
  abortEntry(entry, "voter");
  return true;
}

/**
 * The voter's Stop: aborts that side's upstream request on whichever instance runs it.
 * True when it was running here, or runs on another instance (which gets the signal).
 */
export async function stopStream(battleId: string, side: ScreenSide, voterId: string): Promise<boolean> {
  if (stopLocalStream(battleId, side, voterId)) return true;
  if (!(await isStreamRunning({ battleId, screen: side, voterId }))) return false;
  await publishSignal({ type: "stop", battleId, side, voterId });
  return true;
}

/** Graceful shutdown: stops every stream of this process; each stores its partial answer as interrupted. */
export function abortAllStreams(): number {
  let n = 0;
  for (const entry of streams.values()) {
    if (entry.controller.signal.aborted) continue;
    abortEntry(entry, "shutdown");
    n += 1;
  }
  return n;
}

export function localStreamCount(): number {
  return streams.size;
}
