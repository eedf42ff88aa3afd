import { LabelPrompts } from "@/components/admin/label-prompts";
import { requirePageRole } from "@/lib/auth";
import { listAdminModels } from "@/lib/db/admin-models";
import { labelJobStatus } from "@/lib/labels/background";

export const metadata = { title: "Prompt labels" };

export default async function LabelsPage() {
  await requirePageRole("maintainer");
  const models = (await listAdminModels()).filter((m) => m.providerKind !== "corpus").map((m) => m.slug);
  return (
    <section aria-labelledby="labels-h" className="space-y-3">
      <h2 id="labels-h" className="font-semibold">
        Prompt categories
      </h2>
      <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Asks a model FastChat&apos;s published criteria (hard prompts, instruction following, math, creative
        writing) about every battle prompt not labelled yet, stores the labels and tags the battles, which the
        next leaderboard recompute shows as categories — the job of <code>npm run label:prompts</code>, run in
        the background here. Each prompt costs four calls to the model.
      </p>
      <LabelPrompts models={models} initial={await labelJobStatus()} />
    </section>
  );
}
