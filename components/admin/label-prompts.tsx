"use client";

import { useEffect, useState } from "react";
import { labelJobStatusAction, startLabelJobAction } from "@/app/admin/labels/actions";
import type { LabelJobStatus } from "@/lib/labels/background";
import type { ActionState } from "@/lib/role-action";
import { ActionForm, Field, INPUT_CLASS } from "./action-form";

const POLL_MS = 1000;

/** The labeller form and the running job's progress (polled while it runs). */
export function LabelPrompts({ models, initial }: { models: string[]; initial: LabelJobStatus }) {
  const [status, setStatus] = useState(initial);
  const [polling, setPolling] = useState(initial.state === "running");

  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(async () => {
      const next = await labelJobStatusAction();
      setStatus(next);
      if (next.state !== "running") setPolling(false);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [polling]);

  async function start(prev: ActionState, form: FormData): Promise<ActionState> {
    const result = await startLabelJobAction(prev, form);
    setStatus(await labelJobStatusAction());
    setPolling(true);
    return result;
  }

  const p = status.progress;
  return (
    <div className="space-y-4">
      {models.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No live model to label with: add one under Models (or in models.json).
        </p>
      ) : (
        <ActionForm
          action={start}
          submitLabel="Label prompts"
          pendingLabel="Starting…"
          testId="label-prompts"
        >
          <label className="block text-sm">
            <span className="mb-1 block font-medium">Labeller model</span>
            <select name="model" className={INPUT_CLASS} data-testid="label-model" defaultValue={models[0]}>
              {models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <Field label="Prompts per run" name="limit" type="number" min={1} defaultValue={500} />
        </ActionForm>
      )}
      {status.state === "idle" ? null : (
        <div className="space-y-1 text-sm" data-testid="label-status" data-state={status.state}>
          <p>
            {status.state === "running" ? "Running" : status.state === "done" ? "Finished" : "Failed"} ·{" "}
            {status.labeller} · started {status.startedAt?.slice(0, 19).replace("T", " ")} UTC
          </p>
          <progress
            className="w-full max-w-md"
            max={Math.max(1, p.prompts)}
            value={p.promptsDone}
            aria-label="Prompts labelled"
          />
          <p data-testid="label-progress">
            {p.promptsDone} of {p.prompts} prompts · {p.labels} labels stored · {p.failures} failed
            {status.battlesTagged === null ? "" : ` · ${status.battlesTagged} battles tagged`}
          </p>
          {status.error ? (
            <p role="alert" className="text-rose-600 dark:text-rose-400">
              {status.error}
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}
