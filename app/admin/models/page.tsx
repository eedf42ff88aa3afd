import Link from "next/link";
import { ModelForm } from "@/components/admin/model-form";
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
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="models-table">
          <thead className="text-xs text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="p-2">Model</th>
              <th className="p-2">Provider</th>
              <th className="p-2">Weight</th>
              <th className="p-2">Status</th>
              <th className="p-2">Source</th>
              <th className="p-2 text-right">Votes</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr
                key={m.slug}
                className="border-t border-zinc-200 dark:border-zinc-800"
                data-testid={`model-row-${m.slug}`}
              >
                <td className="p-2">
                  <Link
                    href={`/admin/models/${encodeURIComponent(m.slug)}`}
                    className="font-medium underline-offset-4 hover:underline"
                  >
                    {m.displayName}
                  </Link>
                  <span className="block text-xs text-zinc-500">{m.slug}</span>
                </td>
                <td className="p-2">{m.providerKind}</td>
                <td className="p-2">{m.weight}</td>
                <td className="p-2" data-testid="model-status">
                  {m.status}
                </td>
                <td className="p-2">{m.source === "file" ? "models.json" : "console"}</td>
                <td className="p-2 text-right tabular-nums">{m.votes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section
        aria-labelledby="add-model"
        className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      >
        <h2 id="add-model" className="mb-3 font-semibold">
          Add a model
        </h2>
        <ModelForm />
      </section>
    </div>
  );
}
