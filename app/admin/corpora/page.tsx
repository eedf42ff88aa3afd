import Link from "next/link";
import { CorpusUpload } from "@/components/admin/corpus-upload";
import { DataTable, ROW_CLASS } from "@/components/admin/data-table";
import { Panel } from "@/components/admin/panel";
import { requirePageRole } from "@/lib/auth";
import { listCorporaForConsole } from "@/lib/db/admin-corpora";

export const metadata = { title: "Corpora" };

export default async function CorporaPage() {
  await requirePageRole("maintainer");
  const corpora = await listCorporaForConsole();
  return (
    <div className="space-y-6">
      <DataTable
        columns={[
          "Corpus",
          { label: "Prompts", numeric: true },
          { label: "Responses", numeric: true },
          "Licence",
          "Source",
        ]}
        rowCount={corpora.length}
        empty="No corpus yet: import one below."
        caption="Corpora"
        testId="corpora"
      >
        {corpora.map((c) => (
          <tr key={c.name} className={ROW_CLASS}>
            <td className="p-1.5">
              <Link href={`/admin/corpora/${encodeURIComponent(c.name)}`} className="underline">
                {c.name}
              </Link>
            </td>
            <td className="p-1.5 text-right tabular-nums">{c.prompts}</td>
            <td className="p-1.5 text-right tabular-nums">{c.responses}</td>
            <td className="p-1.5">{c.license}</td>
            <td className="p-1.5 text-xs break-all">{c.source}</td>
          </tr>
        ))}
      </DataTable>
      <Panel id="import-h" title="Import a file">
        <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">
          Same checks as <code>npm run import:corpus</code>: every record is validated first; a bad file
          imports nothing. Re-importing changes nothing. Larger than 200 MB: use the CLI.
        </p>
        <CorpusUpload />
      </Panel>
    </div>
  );
}
