import "server-only";
import { db } from "./client";

// Console labelling runs (label_jobs): shared by every app instance.

export interface LabelJobRow {
  id: string;
  state: "running" | "done" | "failed";
  labeller: string;
  startedAt: Date;
  finishedAt: Date | null;
  prompts: number;
  promptsDone: number;
  labels: number;
  failures: number;
  battlesTagged: number | null;
  error: string | null;
}

/** A running job without a heartbeat for this long belonged to an instance that died. */
export const LABEL_JOB_STALE_MS = 10 * 60_000;

const SELECT = {
  id: true,
  state: true,
  labeller: true,
  startedAt: true,
  finishedAt: true,
  prompts: true,
  promptsDone: true,
  labels: true,
  failures: true,
  battlesTagged: true,
  error: true,
} as const;

/** Inserts a running job; null when one is running already (on any instance). */
export async function createLabelJob({ labeller }: { labeller: string }): Promise<string | null> {
  await db.labelJob.updateMany({
    where: { state: "running", heartbeatAt: { lt: new Date(Date.now() - LABEL_JOB_STALE_MS) } },
    data: { state: "failed", finishedAt: new Date(), error: "The server running it stopped." },
  });
  try {
    const job = await db.labelJob.create({ data: { state: "running", labeller }, select: { id: true } });
    return job.id;
  } catch (error) {
    // The partial unique index: another instance's run is going.
    if ((error as { code?: unknown } | null)?.code === "P2002") return null;
    throw error;
  }
}

export async function updateLabelJobProgress({
  id,
  progress,
}: {
  id: string;
  progress: { prompts: number; promptsDone: number; labels: number; failures: number };
}): Promise<void> {
  await db.labelJob.update({ where: { id }, data: { ...progress, heartbeatAt: new Date() } });
}

export async function finishLabelJob({
  id,
  battlesTagged = null,
  error = null,
}: {
  id: string;
  battlesTagged?: number | null;
  error?: string | null;
}): Promise<void> {
  await db.labelJob.update({
    where: { id },
    data: { state: error === null ? "done" : "failed", battlesTagged, error, finishedAt: new Date() },
  });
}

/** The running job, else the latest one; null before the first. */
export async function getCurrentLabelJob(): Promise<LabelJobRow | null> {
  const row =
    (await db.labelJob.findFirst({ where: { state: "running" }, select: SELECT })) ??
    (await db.labelJob.findFirst({ orderBy: { startedAt: "desc" }, select: SELECT }));
  return row as LabelJobRow | null;
}
