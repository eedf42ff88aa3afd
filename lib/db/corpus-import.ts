import "server-only";
import { once } from "node:events";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { CorpusImportSummary, CorpusMeta, CorpusModelInfo, ImportRow } from "@/lib/corpus/types";
import { env } from "@/lib/env";
import { checkStagedRows } from "./corpus-import-checks";

// The one write path of corpus imports (files and the demo seed). Rows stream through
// COPY into a temporary table inside one transaction, so the importer's memory holds a
// buffer, not the file; duplicates and conflicts are then found by the database, and
// prompts and responses are inserted with two statements. Any problem rolls the whole
// transaction back: nothing is written. Imports are insert-only: a stored prompt or
// response is never modified, since battles and votes refer to the text voters saw.

const IMPORT_LOCK_KEY = 727_274_002; // serialises concurrent imports/seeds (see lib/db/migrate.ts for 001)

export type ImportCounts = Omit<CorpusImportSummary, "files" | "validateMs" | "importMs">;

/** Writes rows into the staging table, in the order they are read. */
export interface Stager {
  row(fileIndex: number, ordinal: number, at: string, corpus: string, r: ImportRow): Promise<void>;
}

export type StagedImportResult =
  | { status: "ok"; counts: ImportCounts; stagedMs: number }
  | { status: "invalid"; errors: string[]; errorCount: number };

// COPY's text format: backslash escapes for the characters that delimit fields and rows.
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
function copyField(v: string | number | null): string {
  if (v === null) return "\\N";
  if (typeof v === "number") return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : v;
}

const COPY_BATCH_CHARS = 256 * 1024;

const STAGE_SQL = `CREATE TEMP TABLE import_rows (
  file_idx int NOT NULL, ordinal int NOT NULL, at text NOT NULL, corpus text NOT NULL, external_id text NOT NULL,
  prompt text NOT NULL, category text, language text, model text NOT NULL, response text NOT NULL, tokens int NOT NULL
) ON COMMIT DROP`;

/**
 * Runs one import: `stage` streams every row (and reports bad records itself, returning
 * how many); then the staged rows are checked and written, or nothing is.
 */
export async function runStagedImport({
  corpora,
  models,
  files,
  stage,
}: {
  corpora: CorpusMeta[];
  /** Names of the inputs, by the file index the rows carry, for error messages. */
  files: string[];
  /** Metadata for models the rows name; models named only by rows get slug = display name. */
  models: CorpusModelInfo[];
  /** Streams every record: rows through the stager, bad records as messages (the first few) and a count. */
  stage: (stager: Stager) => Promise<{ errors: string[]; errorCount: number }>;
}): Promise<StagedImportResult> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  // A server restart mid-import fails the import (rolled back), never the process.
  client.on("error", (error) => console.error("corpus import connection lost:", error.message));
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [IMPORT_LOCK_KEY]);
    // Sorts and hashes over the staged rows run in the server; let them use memory.
    await client.query("SET LOCAL work_mem = '128MB'");
    await client.query(STAGE_SQL);
    const started = performance.now();
    const copy = client.query(copyFrom("COPY import_rows FROM STDIN"));
    const done = once(copy, "finish");
    let failed = false;
    // Rows go out in ~256 KB batches: one CopyData message and socket write per batch, not
    // per row (per row, the importer and the server took turns waiting on each other's
    // small writes: staging 1M responses took 51 s on an idle machine, now ~21 s).
    let batch: string[] = [];
    let batchChars = 0;
    const send = async () => {
      const chunk = batch.join("");
      batch = [];
      batchChars = 0;
      if (!copy.write(chunk)) await Promise.race([once(copy, "drain"), once(copy, "error")]);
    };
    const stager: Stager = {
      async row(fileIndex, ordinal, at, corpus, r) {
        const line = [fileIndex, ordinal, at, corpus, r.externalId, r.prompt, r.category, r.language, r.model]
          .concat([r.response, r.tokens])
          .map(copyField)
          .join("\t");
        batch.push(`${line}\n`);
        batchChars += line.length + 1;
        if (batchChars >= COPY_BATCH_CHARS) await send();
      },
    };
    let staged: { errors: string[]; errorCount: number };
    try {
      staged = await stage(stager);
      if (batch.length > 0) await send();
    } catch (error) {
      failed = true;
      copy.destroy(error as Error);
      throw error;
    } finally {
      if (!failed) {
        copy.end();
        await done;
      }
    }
    const stagedMs = performance.now() - started;
    if (staged.errorCount > 0) {
      await client.query("ROLLBACK");
      return { status: "invalid", ...staged };
    }
    await client.query("ANALYZE import_rows");
    const checked = await checkStagedRows(client, files);
    if (checked.errorCount > 0) {
      await client.query("ROLLBACK");
      return { status: "invalid", errors: checked.errors, errorCount: checked.errorCount };
    }
    const counts = await writeStaged(client, corpora, models, checked.duplicatesSkipped);
    await client.query("COMMIT");
    return { status: "ok", counts, stagedMs };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function writeStaged(
  client: pg.Client,
  corpora: CorpusMeta[],
  models: CorpusModelInfo[],
  duplicatesSkipped: number,
): Promise<ImportCounts> {
  const corporaCreated: string[] = [];
  const corporaUpdated: string[] = [];
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
    if (rows[0].created) corporaCreated.push(meta.name);
    else if (rows[0].updated) corporaUpdated.push(meta.name);
  }
  const { rows: createdModels } = await client.query<{ slug: string }>(
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
  // The first row of a prompt (file order) gives its category and language; ON CONFLICT
  // DO NOTHING drops the later rows of the same prompt within this statement too.
  const { rows: p } = await client.query<{ created: number; existing: number; differing: number }>(
    `WITH src AS (
       SELECT c.id AS corpus_id, r.external_id, r.prompt, r.category, r.language
       FROM import_rows r JOIN corpora c ON c.name = r.corpus ORDER BY r.file_idx, r.ordinal),
     ins AS (
       INSERT INTO corpus_prompts (corpus_id, external_id, text, category, language)
       SELECT * FROM src ON CONFLICT (corpus_id, external_id) DO NOTHING RETURNING 1)
     -- The outer SELECT sees the tables as they were before this statement.
     SELECT (SELECT count(*) FROM ins)::int AS created,
            (SELECT count(*) FROM (SELECT DISTINCT s.corpus_id, s.external_id FROM src s
               JOIN corpus_prompts cp USING (corpus_id, external_id)) e)::int AS existing,
            (SELECT count(*) FROM (SELECT DISTINCT s.corpus_id, s.external_id FROM src s
               JOIN corpus_prompts cp USING (corpus_id, external_id) WHERE cp.text <> s.prompt) d)::int AS differing`,
  );
  const { rows: r } = await client.query<{ created: number; total: number; differing: number }>(
    `WITH input AS (
       SELECT cp.id AS prompt_id, m.id AS model_id, r.response AS content, r.tokens
       FROM import_rows r
       JOIN corpora c ON c.name = r.corpus
       JOIN corpus_prompts cp ON cp.corpus_id = c.id AND cp.external_id = r.external_id
       JOIN models m ON m.slug = r.model),
     ins AS (
       INSERT INTO corpus_responses (prompt_id, model_id, content, tokens)
       SELECT * FROM input ON CONFLICT (prompt_id, model_id) DO NOTHING RETURNING 1)
     SELECT (SELECT count(*) FROM ins)::int AS created, (SELECT count(*) FROM input)::int AS total,
            (SELECT count(*) FROM input i JOIN corpus_responses cr USING (prompt_id, model_id)
              WHERE cr.content <> i.content)::int AS differing`,
  );
  const distinct = r[0].total - duplicatesSkipped;
  return {
    corporaCreated,
    corporaUpdated,
    promptsCreated: p[0].created,
    promptsExisting: p[0].existing,
    promptsDiffering: p[0].differing,
    responsesCreated: r[0].created,
    responsesDiffering: r[0].differing,
    responsesUnchanged: distinct - r[0].created - r[0].differing,
    duplicatesSkipped,
    modelsCreated: createdModels.map((m) => m.slug).sort(),
  };
}
