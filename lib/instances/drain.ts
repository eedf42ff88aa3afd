import "server-only";

// Work a shutting-down instance must finish before it exits (votes being written), and
// whether it is draining (readiness answers 503 so the load balancer sends no more).

const g = globalThis as unknown as { __arenaDrain?: { inFlight: number; draining: boolean } };
const state = () => {
  g.__arenaDrain ??= { inFlight: 0, draining: false };
  return g.__arenaDrain;
};

/** Runs `fn`, counted as in-flight work that a graceful shutdown waits for. */
export async function inFlight<T>(fn: () => Promise<T>): Promise<T> {
  state().inFlight += 1;
  try {
    return await fn();
  } finally {
    state().inFlight -= 1;
  }
}

export const inFlightCount = () => state().inFlight;
export const isDraining = () => state().draining;
export function startDraining(): void {
  state().draining = true;
}
