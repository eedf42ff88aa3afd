import "server-only";
import { type LabelJobInput, type LabelJobProgress, type LabelJobResult, runLabelJob } from "./job";

// The console's way to run the labeller: one job at a time per server process, run in
// the background (a request only starts it), its progress kept in memory for the
// console to poll. The CLI (npm run label:prompts) stays the way for cron and for very
// large backlogs; both store the same labels and are idempotent, so either can resume
// what the other left.

export interface LabelJobStatus {
  state: "idle" | "running" | "done" | "failed";
  labeller: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  progress: LabelJobProgress;
  /** Battles tagged by the finished run. */
  battlesTagged: number | null;
  error: string | null;
}

const IDLE: LabelJobStatus = {
  state: "idle",
  labeller: null,
  startedAt: null,
  finishedAt: null,
  progress: { prompts: 0, promptsDone: 0, labels: 0, failures: 0 },
  battlesTagged: null,
  error: null,
};

const slot = globalThis as unknown as { __arenaLabelJob?: { status: LabelJobStatus; done: Promise<void> } };

export function labelJobStatus(): LabelJobStatus {
  return slot.__arenaLabelJob?.status ?? IDLE;
}

/**
 * Starts the job unless one is running (then returns false). `run` is the job itself
 * (tests pass their own); the returned promise of `waitForLabelJob` settles when it ends.
 */
export function startLabelJob(
  input: Omit<LabelJobInput, "onProgress">,
  run: (input: LabelJobInput) => Promise<LabelJobResult> = runLabelJob,
): boolean {
  if (slot.__arenaLabelJob?.status.state === "running") return false;
  const status: LabelJobStatus = {
    ...IDLE,
    state: "running",
    labeller: input.labeller.slug,
    startedAt: new Date().toISOString(),
  };
  const onProgress = (p: LabelJobProgress) => {
    status.progress = p;
  };
  const done = run({ ...input, onProgress }).then(
    (result) => {
      status.state = "done";
      status.battlesTagged = result.battlesTagged;
    },
    (error: unknown) => {
      status.state = "failed";
      status.error = error instanceof Error ? error.message : String(error);
      console.error("prompt labelling failed", error);
    },
  );
  slot.__arenaLabelJob = {
    status,
    done: done.finally(() => {
      status.finishedAt = new Date().toISOString();
    }),
  };
  return true;
}

/** Settles when the current job (if any) has ended. */
export async function waitForLabelJob(): Promise<void> {
  await slot.__arenaLabelJob?.done;
}
