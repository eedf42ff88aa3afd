import "server-only";
import {
  createLabelJob,
  finishLabelJob,
  getCurrentLabelJob,
  type LabelJobRow,
  updateLabelJobProgress,
} from "@/lib/db/label-jobs";
import { type LabelJobInput, type LabelJobProgress, type LabelJobResult, runLabelJob } from "./job";

// The console's way to run the labeller: a request only starts the job, which runs in
// the background of the instance that got the request; its progress is written to
// label_jobs after every prompt, so whichever instance answers the console's polls
// reports it, and at most one run goes at a time across instances. The CLI
// (npm run label:prompts) stays the way for cron and very large backlogs; both store
// the same labels and are idempotent, so either can resume what the other left.

export interface LabelJobStatus {
  state: "idle" | LabelJobRow["state"];
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

export async function labelJobStatus(): Promise<LabelJobStatus> {
  const job = await getCurrentLabelJob();
  if (!job) return IDLE;
  return {
    state: job.state,
    labeller: job.labeller,
    startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    progress: {
      prompts: job.prompts,
      promptsDone: job.promptsDone,
      labels: job.labels,
      failures: job.failures,
    },
    battlesTagged: job.battlesTagged,
    error: job.error,
  };
}

/** This instance's running job, so tests (and shutdown) can wait for it. */
const slot = globalThis as unknown as { __arenaLabelJob?: Promise<void> };

/**
 * Starts the job unless one is running on any instance (then returns false). `run` is
 * the job itself (tests pass their own).
 */
export async function startLabelJob(
  input: Omit<LabelJobInput, "onProgress">,
  run: (input: LabelJobInput) => Promise<LabelJobResult> = runLabelJob,
): Promise<boolean> {
  const id = await createLabelJob({ labeller: input.labeller.slug });
  if (!id) return false;
  // Progress writes are chained so they land in order, and awaited before the end.
  let writes = Promise.resolve();
  const onProgress = (progress: LabelJobProgress) => {
    writes = writes
      .then(() => updateLabelJobProgress({ id, progress }))
      .catch((error) => {
        console.error("label job progress not saved", error);
      });
  };
  slot.__arenaLabelJob = run({ ...input, onProgress })
    .then(
      async (result) => {
        await writes;
        await finishLabelJob({ id, battlesTagged: result.battlesTagged });
      },
      async (error: unknown) => {
        console.error("prompt labelling failed", error);
        await writes;
        await finishLabelJob({ id, error: error instanceof Error ? error.message : String(error) });
      },
    )
    .catch((error) => console.error("label job end not saved", error));
  return true;
}

/** Settles when this instance's current job (if any) has ended. */
export async function waitForLabelJob(): Promise<void> {
  await slot.__arenaLabelJob;
}
