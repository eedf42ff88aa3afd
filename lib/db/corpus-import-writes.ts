import "server-only";
import type pg from "pg";
import type { CorpusImportSummary, CorpusMeta, CorpusModelInfo } from "@/lib/corpus/types";
import { rowPosition } from "./corpus-import-checks";

// The writes of a checked, staged corpus import (lib/db/corpus-import.ts): corpora,
// models, then prompts and responses, each set-based over the staged rows. They run
// under the import's advisory lock, and only imports write corpus prompts and responses,
// so "is it stored already?" is answered once, before the inserts, instead of by
// ON CONFLICT per row (a speculative insertion and index probe for each of the 900k
// repeated prompt rows of a 1M-response run, before).

export type ImportCounts = Omit<CorpusImportSummary, "files" | "validateMs" | "importMs">;

export async function writeStaged(
  client: pg.Client,
  {
    corpora,
    models,
    stagedRows,
    duplicatesSkipped,
  }: { corpora: CorpusMeta[]; models: CorpusModelInfo[]; stagedRows: number; duplicatesSkipped: number },
): Promise<ImportCounts> {
  const { created: corporaCreated, updated: corporaUpdated } = await writeCorpora(client, corpora);
  const modelsCreated = await writeModels(client, models);
  const prompts = await writePrompts(client);
  const responses = await writeResponses(client, {
    distinct: stagedRows - duplicatesSkipped,
    anyExisting: prompts.existing > 0,
  });
  return {
    corporaCreated,
    corporaUpdated,
    promptsCreated: prompts.created,
    promptsExisting: prompts.existing,
    promptsDiffering: prompts.differing,
    responsesCreated: responses.created,
    responsesDiffering: responses.differing,
    responsesUnchanged: responses.unchanged,
    duplicatesSkipped,
    modelsCreated,
  };
}

async function writeCorpora(client: pg.Client, corpora: CorpusMeta[]) {
  const created: string[] = [];
  const updated: string[] = [];
  for (const meta of corpora) {
    // Description and licence change only when given and different (no write otherwise).
    const { rows } = await client.query<{ created: boolean; updated: boolean }>(
      `WITH old AS (SELECT 1 FROM corpora WHERE name = $1),
       up AS (
         INSERT INTO corpora (name, description, license, source) VALUES ($1, coalesce($2, $5), $3, $4)
         ON CONFLICT (name) DO UPDATE SET description = coalesce($2, corpora.description),
                                          license = coalesce($3, corpora.license)
         WHERE corpora.description IS DISTINCT FROM coalesce($2, corpora.description)
            OR corpora.license IS DISTINCT FROM coalesce($3, corpora.license)
         RETURNING 1)
       SELECT NOT EXISTS (SELECT 1 FROM old) AS created,
              EXISTS (SELECT 1 FROM old) AND EXISTS (SELECT 1 FROM up) AS updated`,
      [
        meta.name,
        meta.description ?? null,
        meta.license ?? null,
        meta.source ?? null,
        meta.defaultDescription ?? null,
      ],
    );
    if (rows[0].created) created.push(meta.name);
    else if (rows[0].updated) updated.push(meta.name);
  }
  return { created, updated };
}

async function writeModels(client: pg.Client, models: CorpusModelInfo[]): Promise<string[]> {
  const { rows } = await client.query<{ slug: string }>(
    `INSERT INTO models (slug, display_name, organization, license, provider_kind)
     SELECT s.model, coalesce(i.display_name, s.model), i.organization, i.license, 'corpus'::"ProviderKind"
     FROM (SELECT DISTINCT model FROM import_rows) s
     LEFT JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS i(slug, display_name, organization, license)
       ON i.slug = s.model
     ON CONFLICT (slug) DO NOTHING RETURNING slug`,
    [
      models.map((m) => m.slug),
      models.map((m) => m.displayName),
      models.map((m) => m.organization ?? null),
      models.map((m) => m.license ?? null),
    ],
  );
  return rows.map((m) => m.slug).sort();
}

// One row per prompt of the run: its first row (file order) gives the text, category
// and language; prompt_id is the stored prompt's, or the new one's once inserted.
const IMPORT_PROMPTS_SQL = `CREATE TEMP TABLE import_prompts ON COMMIT DROP AS
  SELECT k.corpus, c.id AS corpus_id, k.external_id, k.first_pos, r.prompt, r.category, r.language,
         cp.id AS prompt_id, cp.id IS NOT NULL AS existed, cp.text <> r.prompt AS differs
  FROM import_prompt_keys k
  JOIN corpora c ON c.name = k.corpus
  JOIN import_rows r ON r.corpus = k.corpus AND r.external_id = k.external_id AND ${rowPosition("r.")} = k.first_pos
  LEFT JOIN corpus_prompts cp ON cp.corpus_id = c.id AND cp.external_id = k.external_id`;

async function writePrompts(client: pg.Client) {
  await client.query(IMPORT_PROMPTS_SQL);
  const { rows } = await client.query<{ existing: number; differing: number }>(
    `SELECT count(*) FILTER (WHERE existed)::int AS existing, count(*) FILTER (WHERE differs)::int AS differing
     FROM import_prompts`,
  );
  // In file order, as the rows came.
  const { rowCount } = await client.query(
    `WITH created AS (
       INSERT INTO corpus_prompts (corpus_id, external_id, text, category, language)
       SELECT corpus_id, external_id, prompt, category, language FROM import_prompts
       WHERE NOT existed ORDER BY first_pos
       RETURNING id, corpus_id, external_id)
     UPDATE import_prompts p SET prompt_id = created.id FROM created
     WHERE p.corpus_id = created.corpus_id AND p.external_id = created.external_id`,
  );
  await client.query("ANALYZE import_prompts");
  return { created: rowCount ?? 0, ...rows[0] };
}

// Each (prompt, model) of the run once: of an exact repeat (checked), the first row.
const DISTINCT_RESPONSES = `SELECT p.prompt_id, p.existed, m.id AS model_id, r.response, r.tokens
  FROM import_rows r
  JOIN import_prompts p ON p.corpus = r.corpus AND p.external_id = r.external_id
  JOIN models m ON m.slug = r.model
  LEFT JOIN import_repeats d ON d.corpus = r.corpus AND d.external_id = r.external_id AND d.model = r.model
  WHERE d.first_pos IS NULL OR d.first_pos = ${rowPosition("r.")}`;

async function writeResponses(
  client: pg.Client,
  { distinct, anyExisting }: { distinct: number; anyExisting: boolean },
) {
  // A prompt created by this run has no responses yet: only stored prompts need the lookup.
  const stored = anyExisting
    ? (
        await client.query<{ existing: number; differing: number }>(
          `SELECT count(*)::int AS existing, count(*) FILTER (WHERE cr.content <> s.response)::int AS differing
           FROM (${DISTINCT_RESPONSES}) s
           JOIN corpus_responses cr ON cr.prompt_id = s.prompt_id AND cr.model_id = s.model_id
           WHERE s.existed`,
        )
      ).rows[0]
    : { existing: 0, differing: 0 };
  // Nothing new, no insert: a re-import of the same rows writes nothing at all.
  if (distinct === stored.existing)
    return { created: 0, differing: stored.differing, unchanged: stored.existing - stored.differing };
  // The insert also notes, per prompt, the models it added answers from: enough to
  // update the draw pool without reading the responses back.
  await client.query("CREATE TEMP TABLE import_added (prompt_id uuid, model_ids uuid[]) ON COMMIT DROP");
  await client.query("SET LOCAL arena.draw_pool_by_import = 'on'");
  await client.query(
    `WITH added AS (
       INSERT INTO corpus_responses (prompt_id, model_id, content, tokens)
       SELECT s.prompt_id, s.model_id, s.response, s.tokens FROM (${DISTINCT_RESPONSES}) s
       WHERE NOT s.existed
          OR NOT EXISTS (SELECT 1 FROM corpus_responses cr WHERE cr.prompt_id = s.prompt_id AND cr.model_id = s.model_id)
       RETURNING prompt_id, model_id)
     INSERT INTO import_added SELECT prompt_id, array_agg(model_id) FROM added GROUP BY prompt_id`,
  );
  await client.query("SET LOCAL arena.draw_pool_by_import = 'off'");
  await addDealablePrompts(client);
  const { rows } = await client.query<{ created: number }>(
    "SELECT coalesce(sum(cardinality(model_ids)), 0)::int AS created FROM import_added",
  );
  return {
    created: rows[0].created,
    differing: stored.differing,
    unchanged: stored.existing - stored.differing,
  };
}

// The draw pool's rebuild (prisma/migrations/*_corpus_draw_pool_import) skips the insert
// above: responses were only added, and only to this run's prompts, so only those can
// have become dealable (answers from two active models). A new prompt's answers are all
// in import_added; a stored one's are counted. They join the pool after its last index,
// keeping the indexes dense (0 .. n-1). Model statuses are read after taking the
// rebuild's lock, as the rebuild would: a status change that commits later rebuilds
// after this transaction, one that committed earlier is seen here.
async function addDealablePrompts(client: pg.Client): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(727274003)");
  await client.query(
    `INSERT INTO corpus_draw_pool (idx, prompt_id)
     SELECT n.base + (row_number() OVER (ORDER BY a.prompt_id) - 1)::int, a.prompt_id
     FROM (SELECT coalesce(max(idx) + 1, 0) AS base FROM corpus_draw_pool) n,
          import_added a JOIN import_prompts p ON p.prompt_id = a.prompt_id
     WHERE NOT EXISTS (SELECT 1 FROM corpus_draw_pool d WHERE d.prompt_id = a.prompt_id)
       AND CASE WHEN p.existed
             THEN (SELECT count(*) FROM corpus_responses r JOIN models m ON m.id = r.model_id
                   WHERE r.prompt_id = a.prompt_id AND m.status = 'active') >= 2
             ELSE (SELECT count(*) FROM models m WHERE m.id = ANY (a.model_ids) AND m.status = 'active') >= 2
           END`,
  );
}
