import { notFound } from "next/navigation";
import { setModelStatusAction, testModelAction } from "@/app/admin/models/actions";
import { ActionForm } from "@/components/admin/action-form";
import { ModelForm } from "@/components/admin/model-form";
import { requirePageRole } from "@/lib/auth";
import { getAdminModel } from "@/lib/db/admin-models";

export default async function ModelPage({ params }: { params: Promise<{ slug: string }> }) {
  await requirePageRole("maintainer");
  const { slug } = await params;
  const model = await getAdminModel({ slug: decodeURIComponent(slug) });
  if (!model) notFound();
  const fromFile = model.source === "file";
  return (
    <div className="space-y-6">
      <h2 className="text-lg font-semibold">
        {model.displayName} <span className="text-sm font-normal text-zinc-500">{model.slug}</span>
      </h2>
      <p className="text-sm">
        Status <strong data-testid="model-status">{model.status}</strong> · source{" "}
        <strong>{fromFile ? "models.json (the file wins; edit it and restart)" : "console"}</strong> ·{" "}
        {model.votes} votes
      </p>
      {model.providerKind !== "corpus" ? (
        <ActionForm
          action={testModelAction}
          submitLabel="Test connection"
          pendingLabel="Testing…"
          testId="test-connection"
        >
          <input type="hidden" name="slug" value={model.slug} />
        </ActionForm>
      ) : null}
      {fromFile ? (
        <pre className="overflow-x-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-900">
          {JSON.stringify({ kind: model.providerKind, ...model.providerConfig }, null, 2)}
        </pre>
      ) : (
        <>
          <div className="flex flex-wrap gap-4">
            {(["active", "paused", "deprecated"] as const)
              .filter((s) => s !== model.status)
              .map((status) => (
                <ActionForm
                  key={status}
                  action={setModelStatusAction}
                  submitLabel={
                    status === "active" ? "Reactivate" : status === "paused" ? "Pause" : "Deprecate"
                  }
                  testId={`status-${status}`}
                >
                  <input type="hidden" name="slug" value={model.slug} />
                  <input type="hidden" name="status" value={status} />
                </ActionForm>
              ))}
          </div>
          <section
            aria-labelledby="edit-model"
            className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
          >
            <h3 id="edit-model" className="mb-3 font-semibold">
              Edit
            </h3>
            <ModelForm model={model} />
          </section>
        </>
      )}
    </div>
  );
}
