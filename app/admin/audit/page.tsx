import { requirePageRole } from "@/lib/auth";
import { listAudit } from "@/lib/db/audit";

export const metadata = { title: "Audit log" };

/** Admins only: who did what in the console (or through the automation token), newest first. */
export default async function AuditPage() {
  await requirePageRole("admin");
  const events = await listAudit();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="audit">
        <thead className="text-xs text-zinc-500">
          <tr>
            <th className="p-1">When</th>
            <th className="p-1">Who</th>
            <th className="p-1">Action</th>
            <th className="p-1">Target</th>
            <th className="p-1">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
              <td className="p-1 whitespace-nowrap">
                {e.createdAt.toISOString().replace("T", " ").slice(0, 19)}
              </td>
              <td className="p-1">{e.actorLabel}</td>
              <td className="p-1 font-mono text-xs">{e.action}</td>
              <td className="p-1">{e.target}</td>
              <td className="max-w-md p-1 font-mono text-xs break-all">{JSON.stringify(e.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
