import Link from "next/link";
import { CorpusUpload } from "@/components/admin/corpus-upload";
import { requirePageRole } from "@/lib/auth";
import { listCorporaForConsole } from "@/lib/db/admin-corpora";

export const metadata = { title: "Corpora" };

export default async function CorporaPage() {
  await requirePageRole("maintainer");
  const corpora = await listCorporaForConsole();
  return (
    <div className="space-y-6">
      <table className="w-full text-left text-sm" data-testid="corpora">
        <thead className="text-xs text-zinc-500">
          <tr>
            <th className="p-1">Corpus</th>
            <th className="p-1 text-right">Prompts</th>
            <th className="p-1 text-right">Responses</th>
            <th className="p-1">Licence</th>
            <th className="p-1">Source</th>
          </tr>
        </thead>
        <tbody>
          {corpora.map((c) => (
            <tr key={c.name} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="p-1">
                <Link href={`/admin/corpora/${encodeURIComponent(c.name)}`} className="underline">
                  {c.name}
                </Link>
              </td>
              <td className="p-1 text-right tabular-nums">{c.prompts}</td>
              <td className="p-1 text-right tabular-nums">{c.responses}</td>
              <td className="p-1">{c.license}</td>
              <td className="p-1 text-xs">{c.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section
        aria-labelledby="import-h"
        className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      >
        <h2 id="import-h" className="mb-2 font-semibold">
          Import a file
        </h2>
        <p className="mb-3 text-xs text-zinc-500">
          Same checks as <code>npm run import:corpus</code>: every record is validated first; a bad file
          imports nothing. Re-importing changes nothing. Larger than 200 MB: use the CLI.
        </p>
        <CorpusUpload />
      </section>
    </div>
  );
}
