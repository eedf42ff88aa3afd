import "server-only";
import { databaseProblem } from "@/lib/db/readiness";
import { isDraining } from "./drain";
import { instanceBus } from "./instance";

export interface Readiness {
  status: "ready" | "unavailable" | "draining";
  checks: { database: string; signals: string };
}

/** What /api/ready reports: the database decides; the signal bus is shown (it reconnects by itself). */
export async function checkReadiness(): Promise<Readiness> {
  if (isDraining()) {
    return { status: "draining", checks: { database: "not checked", signals: "closing" } };
  }
  const problem = await databaseProblem();
  const signals = instanceBus().connected() ? "connected" : "reconnecting";
  return { status: problem ? "unavailable" : "ready", checks: { database: problem ?? "ok", signals } };
}
