import Link from "next/link";
import { DataTable, ROW_CLASS } from "@/components/admin/data-table";
import { ModelForm } from "@/components/admin/model-form";
import { Panel } from "@/components/admin/panel";
import { requirePageRole } from "@/lib/auth";
import { listAdminModels } from "@/lib/db/admin-models";

export const metadata = { title: "Models" };

export default async function ModelsPage() {
  await requirePageRole("maintainer");
  const models = await listAdminModels();
  return (
    <div className="space-y-6">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        <strong>Which source wins:</strong> models listed in <code>models.json</code> (or{" "}
        <code>ARENA_MODELS_FILE</code>) are re-applied at every start, so the file wins for them and they are
        read-only here. Models added here live in the database only; the file never touches them.
      </p>
      <DataTable
        columns={["Model", "Provider", "Weight", "Status", "Source", { label: "Votes", numeric: true }]}
        rowCount={models.length}
        empty="No models yet: add one below, or list them in models.json."
        caption="Models"
        testId="models-table"
      >
        {models.map((m) => (
          <tr key={m.slug} className={ROW_CLASS} data-testid={`model-row-${m.slug}`}>
            <td className="p-1.5">
              <Link
                href={`/admin/models/${encodeURIComponent(m.slug)}`}
                className="font-medium underline underline-offset-4"
              >
                {m.displayName}
              </Link>
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">{m.slug}</span>
            </td>
            <td className="p-1.5">{m.providerKind}</td>
            <td className="p-1.5 tabular-nums">{m.weight}</td>
            <td className="p-1.5" data-testid="model-status">
              {m.status}
            </td>
            <td className="p-1.5">{m.source === "file" ? "models.json" : "console"}</td>
            <td className="p-1.5 text-right tabular-nums">{m.votes}</td>
          </tr>
        ))}
      </DataTable>
      <Panel id="add-model" title="Add a model">
        <ModelForm />
      </Panel>
    </div>
  );
}
