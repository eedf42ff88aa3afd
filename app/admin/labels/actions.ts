"use server";

import { z } from "zod";
import { requireRole } from "@/lib/auth";
import { getModelProvider } from "@/lib/db/admin-models";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";
import { type LabelJobStatus, labelJobStatus, startLabelJob } from "@/lib/labels/background";
import { CATEGORY_KEYS } from "@/lib/labels/criteria";
import { roleAction } from "@/lib/role-action";

const StartLabelJobInput = z.object({
  model: z.string().trim().min(1, "Choose the labeller model."),
  limit: z.coerce.number().int().min(1).max(100_000).default(500),
});

/** Starts labelling unlabelled prompts in the background (npm run label:prompts' job). */
export const startLabelJobAction = roleAction("maintainer", StartLabelJobInput, async (input, actor) => {
  const provider = await getModelProvider({ slug: input.model });
  if (!provider) throw new AppError("not_found", `No model "${input.model}".`);
  if (provider.kind === "corpus") {
    throw new AppError(
      "bad_request",
      `"${input.model}" is a corpus model: it cannot answer; choose a live one.`,
    );
  }
  const started = await startLabelJob({
    labeller: { slug: input.model, provider },
    categories: CATEGORY_KEYS,
    limit: input.limit,
  });
  if (!started) throw new AppError("conflict", "A labelling run is already going; its progress is below.");
  await recordAudit({ actor, action: "labels.run", details: { model: input.model, limit: input.limit } });
  return `Labelling started with ${input.model} (up to ${input.limit} prompts).`;
});

/** The running (or last) job's progress, for the console to poll. */
export async function labelJobStatusAction(): Promise<LabelJobStatus> {
  await requireRole("maintainer");
  return labelJobStatus();
}
