"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  createConsoleModel,
  getModelProvider,
  setModelStatus,
  updateConsoleModel,
} from "@/lib/db/admin-models";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";
import { ModelFormFields, parseModelForm } from "@/lib/providers/model-form";
import { testModelConnection } from "@/lib/providers/test-connection";
import { roleAction } from "@/lib/role-action";

const SaveInput = ModelFormFields.extend({ mode: z.enum(["create", "edit"]) });

/** Adds or edits a console model; the provider settings are validated like models.json. */
export const saveModelAction = roleAction("maintainer", SaveInput, async ({ mode, ...fields }, actor) => {
  const parsed = parseModelForm(fields);
  if (!parsed.ok) throw new AppError("bad_request", parsed.issues.join("; "));
  const { entry } = parsed;
  if (mode === "create") await createConsoleModel({ entry });
  else await updateConsoleModel({ entry });
  await recordAudit({
    actor,
    action: mode === "create" ? "model.create" : "model.edit",
    target: entry.slug,
    details: { displayName: entry.displayName, weight: entry.weight, provider: entry.provider },
  });
  revalidatePath("/admin/models");
  revalidatePath("/");
  return mode === "create" ? `Added ${entry.slug}.` : `Saved ${entry.slug}.`;
});

const StatusInput = z.object({
  slug: z.string().min(1).max(80),
  status: z.enum(["active", "paused", "deprecated"]),
});

/** Pause (out of new battles), deprecate (retired for good) or reactivate a console model. */
export const setModelStatusAction = roleAction("maintainer", StatusInput, async ({ slug, status }, actor) => {
  await setModelStatus({ slug, status });
  await recordAudit({ actor, action: `model.${status}`, target: slug });
  revalidatePath("/admin/models");
  revalidatePath("/");
  return `${slug} is now ${status}.`;
});

/** One short streamed request to the model, with its latency or its error. Changes nothing. */
export const testModelAction = roleAction(
  "maintainer",
  z.object({ slug: z.string().min(1).max(80) }),
  async ({ slug }) => {
    const provider = await getModelProvider({ slug });
    if (!provider) throw new AppError("not_found", `No model "${slug}".`);
    const r = await testModelConnection(provider);
    if (!r.ok) throw new AppError("unavailable", `Connection failed after ${r.ms} ms: ${r.message}`);
    return `Connected: first token after ${r.firstTokenMs} ms, answer complete after ${r.latencyMs} ms ("${r.text}").`;
  },
);
