import { DataTable, ROW_CLASS } from "@/components/admin/data-table";
import { requirePageRole } from "@/lib/auth";
import { listAudit } from "@/lib/db/audit";

export const metadata = { title: "Audit log" };

/** Admins only: who did what in the console (or through the automation token), newest first. */
export default async function AuditPage() {
  await requirePageRole("admin");
  const events = await listAudit();
  return (
    <DataTable
      columns={["When", "Who", "Action", "Target", "Details"]}
      rowCount={events.length}
      empty="Nothing has been done in the console yet."
      caption="Audit log, newest first"
      testId="audit"
    >
      {events.map((e) => (
        <tr key={e.id} className={ROW_CLASS}>
          <td className="p-1.5 whitespace-nowrap">
            {e.createdAt.toISOString().replace("T", " ").slice(0, 19)}
          </td>
          <td className="p-1.5">{e.actorLabel}</td>
          <td className="p-1.5 font-mono text-xs">{e.action}</td>
          <td className="p-1.5 break-all">{e.target}</td>
          <td className="max-w-md p-1.5 font-mono text-xs break-all">{JSON.stringify(e.details)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
