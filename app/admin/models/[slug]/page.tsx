import { notFound } from "next/navigation";
import { setModelStatusAction, testModelAction } from "@/app/admin/models/actions";
import { ActionForm } from "@/components/admin/action-form";
import { ModelForm } from "@/components/admin/model-form";
import { Panel } from "@/components/admin/panel";
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
        {model.displayName}{" "}
        <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">{model.slug}</span>
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
          <ActionForm
            action={setModelStatusAction}
            choices={{
              name: "status",
              options: (["active", "paused", "deprecated"] as const).map((status) => ({
                value: status,
                current: status === model.status,
                testId: `status-${status}`,
                label:
                  status === "active"
                    ? model.status === "active"
                      ? "Active"
                      : "Reactivate"
                    : status === "paused"
                      ? model.status === "paused"
                        ? "Paused"
                        : "Pause"
                      : model.status === "deprecated"
                        ? "Deprecated"
                        : "Deprecate",
              })),
            }}
            testId="model-status-form"
          >
            <input type="hidden" name="slug" value={model.slug} />
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              Paused: out of new battles until reactivated. Deprecated: retired from battles and hidden on the
              public leaderboard unless a reader asks to see deprecated models; its votes stay.
            </p>
          </ActionForm>
          <Panel id="edit-model" title="Edit" level={3}>
            <ModelForm model={model} />
          </Panel>
        </>
      )}
    </div>
  );
}
