import "server-only";
import { db } from "./client";

export async function listCorporaForConsole() {
  const rows = await db.$queryRaw<
    {
      name: string;
      license: string | null;
      source: string | null;
      prompts: number;
      responses: number;
      createdAt: Date;
    }[]
  >`
    SELECT c.name, c.license, c.source, c.created_at AS "createdAt",
           (SELECT count(*)::int FROM corpus_prompts p WHERE p.corpus_id = c.id) AS prompts,
           (SELECT count(*)::int FROM corpus_responses r JOIN corpus_prompts p ON p.id = r.prompt_id
             WHERE p.corpus_id = c.id) AS responses
    FROM corpora c ORDER BY c.name`;
  return rows;
}

/** A page of a corpus's prompts (optionally matching `query`), each with its responses. */
export async function browseCorpus({
  name,
  query,
  limit = 20,
  offset = 0,
}: {
  name: string;
  query?: string;
  limit?: number;
  offset?: number;
}) {
  const where = {
    corpus: { name },
    ...(query ? { text: { contains: query, mode: "insensitive" as const } } : {}),
  };
  const [total, prompts] = await Promise.all([
    db.corpusPrompt.count({ where }),
    db.corpusPrompt.findMany({
      where,
      orderBy: { externalId: "asc" },
      take: limit,
      skip: offset,
      select: {
        externalId: true,
        text: true,
        category: true,
        language: true,
        responses: {
          select: { content: true, tokens: true, model: { select: { slug: true } } },
          orderBy: { model: { slug: "asc" } },
        },
      },
    }),
  ]);
  return {
    total,
    prompts: prompts.map((p) => ({
      ...p,
      responses: p.responses.map((r) => ({ model: r.model.slug, content: r.content, tokens: r.tokens })),
    })),
  };
}
