import Link from "next/link";
import { INPUT_CLASS } from "@/components/admin/action-form";
import { requirePageRole } from "@/lib/auth";
import { browseCorpus } from "@/lib/db/admin-corpora";

export const metadata = { title: "Corpus" };

type Params = Record<string, string | string[] | undefined>;

export default async function CorpusPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Params>;
}) {
  await requirePageRole("maintainer");
  const name = decodeURIComponent((await params).name);
  const p = await searchParams;
  const q = typeof p.q === "string" && p.q.trim() ? p.q.trim() : undefined;
  const page = Math.max(0, Number(p.page ?? 0) || 0);
  const { total, prompts } = await browseCorpus({ name, query: q, offset: page * 20 });
  const link = (n: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;
  return (
    <div className="space-y-4">
      <h2 className="font-semibold">{name}</h2>
      <form method="get" className="flex gap-2 text-sm" aria-label="Search prompts">
        <label className="sr-only" htmlFor="q">
          Search prompts
        </label>
        <input id="q" name="q" defaultValue={q} className={INPUT_CLASS} placeholder="search prompts" />
        <button type="submit" className="rounded-md border border-zinc-300 px-3 dark:border-zinc-700">
          Search
        </button>
      </form>
      <p className="text-sm" data-testid="corpus-total">
        {total} prompts
      </p>
      {prompts.map((pr) => (
        <details
          key={pr.externalId}
          className="rounded border border-zinc-200 p-2 text-sm dark:border-zinc-800"
        >
          <summary className="cursor-pointer">
            <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{pr.externalId}</span>{" "}
            {pr.text.slice(0, 160)}
            <span className="text-xs text-zinc-600 dark:text-zinc-400">
              {" "}
              · {pr.responses.length} responses{pr.category ? ` · ${pr.category}` : ""}
              {pr.language ? ` · ${pr.language}` : ""}
            </span>
          </summary>
          <p className="my-2 whitespace-pre-wrap">{pr.text}</p>
          {pr.responses.map((r) => (
            <div key={r.model} className="mt-2 border-t border-zinc-200 pt-2 dark:border-zinc-800">
              <p className="text-xs font-medium">
                {r.model} · {r.tokens ?? "?"} tokens
              </p>
              <p className="whitespace-pre-wrap">{r.content}</p>
            </div>
          ))}
        </details>
      ))}
      {prompts.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {q ? "No prompt matches this search." : "This corpus has no prompts."}
        </p>
      ) : null}
      <nav className="flex gap-4 text-sm" aria-label="Pages">
        {page > 0 ? <Link href={link(page - 1)}>← Previous</Link> : null}
        {(page + 1) * 20 < total ? <Link href={link(page + 1)}>Next →</Link> : null}
      </nav>
    </div>
  );
}
