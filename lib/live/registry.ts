import "server-only";
import type { ScreenSide } from "@/lib/arena/sides";

// The streams this process is running, so Stop (a separate request) can abort one side's
// upstream call. It lives in memory: with several app instances behind a load balancer,
// Stop must reach the instance that holds the stream (sticky sessions on the battle id),
// or this map must move to a shared store with pub/sub (e.g. Redis) — see README.

export type StopReason = "voter" | "disconnected";

interface Entry {
  controller: AbortController;
  voterId: string;
  reason: StopReason | null;
}

// On globalThis so development reloads of this module do not orphan running streams.
const store = globalThis as unknown as { __arenaLiveStreams?: Map<string, Entry> };
store.__arenaLiveStreams ??= new Map<string, Entry>();
const streams = store.__arenaLiveStreams;

const keyOf = (battleId: string, side: ScreenSide) => `${battleId}:${side}`;

export interface StreamHandle {
  signal: AbortSignal;
  /** Why the stream was aborted, if it was. */
  reason(): StopReason | null;
  abort(reason: StopReason): void;
  release(): void;
}

/** Registers one side's stream; the caller must `release()` it when the side settles. */
export function registerStream(battleId: string, side: ScreenSide, voterId: string): StreamHandle {
  const key = keyOf(battleId, side);
  const entry: Entry = { controller: new AbortController(), voterId, reason: null };
  streams.set(key, entry);
  return {
    signal: entry.controller.signal,
    reason: () => entry.reason,
    abort: (reason) => abortEntry(entry, reason),
    release: () => {
      if (streams.get(key) === entry) streams.delete(key);
    },
  };
}

function abortEntry(entry: Entry, reason: StopReason) {
  entry.reason ??= reason;
  entry.controller.abort(new DOMException(`arena: ${reason}`, "AbortError"));
}

export function isStreaming(battleId: string, side: ScreenSide): boolean {
  return streams.has(keyOf(battleId, side));
}

/** The voter's Stop: aborts that side's upstream request. Only the battle's own voter can stop it. */
export function stopStream(battleId: string, side: ScreenSide, voterId: string): boolean {
  const entry = streams.get(keyOf(battleId, side));
  if (!entry || entry.voterId !== voterId || entry.controller.signal.aborted) return false;
  abortEntry(entry, "voter");
  return true;
}
