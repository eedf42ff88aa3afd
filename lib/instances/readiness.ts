import "server-only";
import { databaseProblem } from "@/lib/db/readiness";
import { replicaLag } from "@/lib/db/replica";
import { isDraining } from "./drain";
import { instanceBus } from "./instance";

export interface Readiness {
  status: "ready" | "unavailable" | "draining";
  /** replica: only with DATABASE_REPLICA_URL, for information (reads fall back to the primary). */
  checks: { database: string; signals: string; replica?: string };
}

/** What /api/ready reports: the database decides; the signal bus is shown (it reconnects by itself). */
export async function checkReadiness(): Promise<Readiness> {
  if (isDraining()) {
    return { status: "draining", checks: { database: "not checked", signals: "closing" } };
  }
  const problem = await databaseProblem();
  // Measuring the lag asks the primary too: not while it is failing (the answer must stay quick).
  const lag = problem ? null : await replicaLag();
  const signals = instanceBus().connected() ? "connected" : "reconnecting";
  const replica = lag
    ? { replica: lag.reachable ? `${lag.lagS} s behind` : "unreachable (reads go to the primary)" }
    : {};
  return {
    status: problem ? "unavailable" : "ready",
    checks: { database: problem ?? "ok", signals, ...replica },
  };
}
