import "server-only";
import type pg from "pg";

// Cross-record checks of a staged corpus import, done by the database over the staged
// rows (lib/db/corpus-import.ts), so the importer keeps no per-record state: a prompt
// key must keep one text, and a (prompt, model) one response; an exact repeat of a
// response is imported once. Messages match lib/corpus/plan.ts's dry-run validation.

const MAX_REPORTED = 50;

interface Problem {
  file_idx: number;
  at: string;
  kind: "prompt" | "response";
  external_id: string;
  model: string;
  first_file_idx: number;
  first_at: string;
  total: number;
}

export async function checkStagedRows(
  client: pg.Client,
  files: string[],
): Promise<{ errors: string[]; errorCount: number; duplicatesSkipped: number }> {
  // Cheap aggregate passes first; the detailed (sorting) query runs only when one finds something.
  const { rows: promptGroups } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM import_rows GROUP BY corpus, external_id HAVING min(md5(prompt)) <> max(md5(prompt))) g`,
  );
  const { rows: responseGroups } = await client.query<{ repeats: number; differing: number }>(
    `SELECT coalesce(sum(n - 1), 0)::int AS repeats, count(*) FILTER (WHERE differs)::int AS differing
     FROM (SELECT count(*) AS n, min(md5(response)) <> max(md5(response)) AS differs
           FROM import_rows GROUP BY corpus, external_id, model HAVING count(*) > 1) g`,
  );
  if (promptGroups[0].n === 0 && responseGroups[0].differing === 0) {
    return { errors: [], errorCount: 0, duplicatesSkipped: responseGroups[0].repeats };
  }
  const { rows } = await client.query<Problem>(
    `WITH p AS (
       SELECT file_idx, ordinal, at, 'prompt' AS kind, external_id, model, md5(prompt) AS h,
              first_value(md5(prompt)) OVER w AS first_h, first_value(file_idx) OVER w AS first_file_idx,
              first_value(at) OVER w AS first_at
       FROM import_rows WINDOW w AS (PARTITION BY corpus, external_id ORDER BY file_idx, ordinal)),
     r AS (
       SELECT file_idx, ordinal, at, 'response' AS kind, external_id, model, md5(response) AS h,
              first_value(md5(response)) OVER w AS first_h, first_value(file_idx) OVER w AS first_file_idx,
              first_value(at) OVER w AS first_at
       FROM import_rows WINDOW w AS (PARTITION BY corpus, external_id, model ORDER BY file_idx, ordinal))
     SELECT *, count(*) OVER ()::int AS total
     FROM (SELECT * FROM p WHERE h <> first_h UNION ALL SELECT * FROM r WHERE h <> first_h) x
     -- Per record, the prompt problem first, as the dry-run validation reports them.
     ORDER BY file_idx, ordinal, kind LIMIT ${MAX_REPORTED}`,
  );
  const where = (fileIdx: number, at: string) => `${files[fileIdx]} ${at}`;
  const errors = rows.map((p) =>
    p.kind === "prompt"
      ? `${where(p.file_idx, p.at)}: prompt "${p.external_id}" has a different text than at ${where(p.first_file_idx, p.first_at)}`
      : `${where(p.file_idx, p.at)}: a second, different response of model "${p.model}" to prompt "${p.external_id}" (first at ${where(p.first_file_idx, p.first_at)})`,
  );
  return { errors, errorCount: rows[0]?.total ?? 0, duplicatesSkipped: 0 };
}
