import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fastRouteFor } from "./routes";

// Where scripts/server-preload.cjs finds the fast routes: a function on globalThis that
// takes a request Node is about to hand to Next and answers it instead (true), or leaves
// it (false). Registered once per server process by instrumentation.ts.

const KEY = Symbol.for("arena.fastRoutes");

export function registerFastRoutes(): void {
  if (process.env.ARENA_FAST_ROUTES === "off") return;
  (globalThis as Record<symbol, unknown>)[KEY] = (req: IncomingMessage, res: ServerResponse): boolean => {
    const route = fastRouteFor(req);
    if (!route) return false;
    // The route answers its own errors; this is for a failure while answering (a socket gone).
    route(res).catch((error) => {
      console.error("fast route failed while answering:", error);
      res.destroy();
    });
    return true;
  };
}
