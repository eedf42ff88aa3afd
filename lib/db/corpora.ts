import "server-only";
import path from "node:path";
import { DEMO_CORPUS_PATH, demoImport, readDemoCorpus } from "@/lib/corpus/demo";
import { readImportBatches, validateCorpusFiles } from "@/lib/corpus/plan";
import type { CorpusImportSummary, CorpusMeta, CorpusModelInfo, ImportRow } from "@/lib/corpus/types";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./client";

// Imports are insert-only: a prompt or response that already exists is never
// modified, because battles and votes refer to the text voters actually saw.
// Re-importing identical content therefore changes nothing; changed content is
// counted as "differing" and reported, and the stored version is kept.

type Tx = Prisma.TransactionClient;

const IMPORT_LOCK_KEY = 727_274_002; // serialises concurrent imports/seeds (see lib/db/migrate.ts for 001)
const TX_OPTIONS = { timeout: 30 * 60_000, maxWait: 60_000 };
const ALPACA_EVAL_DESCRIPTION =
  "AlpacaEval instructions with model outputs (github.com/tatsu-lab/alpaca_eval)";

interface ImportSource {
  corpus: string;
  batches: AsyncIterable<ImportRow[]>;
}

type ImportCounts = Omit<CorpusImportSummary, "files" | "duplicatesSkipped" | "validateMs" | "importMs">;

async function ensureCorpus(
  tx: Tx,
  meta: CorpusMeta,
): Promise<{ id: string; created: boolean; updated: boolean }> {
  const description = meta.description ?? meta.defaultDescription ?? null;
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO corpora (name, description, license, source)
    VALUES (${meta.name}, ${description}, ${meta.license ?? null}, ${meta.source ?? null})
    ON CONFLICT (name) DO NOTHING RETURNING id::text`;
  if (inserted.length > 0) return { id: inserted[0].id, created: true, updated: false };
  const existing = await tx.corpus.findUniqueOrThrow({ where: { name: meta.name } });
  const data: { description?: string | null; license?: string | null } = {};
  if (meta.description !== undefined && meta.description !== existing.description)
    data.description = meta.description;
  if (meta.license !== undefined && meta.license !== existing.license) data.license = meta.license;
  if (Object.keys(data).length > 0) await tx.corpus.update({ where: { id: existing.id }, data });
  return { id: existing.id, created: false, updated: Object.keys(data).length > 0 };
}

async function ensureModels(
  tx: Tx,
  models: CorpusModelInfo[],
): Promise<{ ids: Map<string, string>; created: string[] }> {
  const created = await tx.$queryRaw<{ slug: string }[]>`
    INSERT INTO models (slug, display_name, organization, license, provider_kind)
    SELECT slug, display_name, organization, license, 'corpus'::"ProviderKind"
    FROM unnest(${models.map((m) => m.slug)}::text[], ${models.map((m) => m.displayName)}::text[],
                ${models.map((m) => m.organization ?? null)}::text[], ${models.map((m) => m.license ?? null)}::text[])
      AS i(slug, display_name, organization, license)
    ON CONFLICT (slug) DO NOTHING RETURNING slug`;
  const rows = await tx.model.findMany({
    where: { slug: { in: models.map((m) => m.slug) } },
    select: { id: true, slug: true },
  });
  return { ids: new Map(rows.map((r) => [r.slug, r.id])), created: created.map((r) => r.slug).sort() };
}

async function upsertPrompts(tx: Tx, corpusId: string, rows: ImportRow[]) {
  const first = new Map<string, ImportRow>();
  for (const r of rows) if (!first.has(r.externalId)) first.set(r.externalId, r);
  const prompts = [...first.values()];
  const externalIds = prompts.map((p) => p.externalId);
  const texts = prompts.map((p) => p.prompt);
  const created = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO corpus_prompts (corpus_id, external_id, text, category, language)
    SELECT ${corpusId}::uuid, external_id, text, category, language
    FROM unnest(${externalIds}::text[], ${texts}::text[], ${prompts.map((p) => p.category)}::text[],
                ${prompts.map((p) => p.language)}::text[]) AS i(external_id, text, category, language)
    ON CONFLICT (corpus_id, external_id) DO NOTHING RETURNING id::text`;
  const all = await tx.$queryRaw<{ id: string; external_id: string; differs: boolean }[]>`
    SELECT p.id::text, p.external_id, p.text <> i.text AS differs
    FROM corpus_prompts p
    JOIN unnest(${externalIds}::text[], ${texts}::text[]) AS i(external_id, text) ON p.external_id = i.external_id
    WHERE p.corpus_id = ${corpusId}::uuid`;
  return { created: created.map((r) => r.id), all };
}

async function insertResponses(
  tx: Tx,
  rows: { promptId: string; modelId: string; content: string; tokens: number }[],
) {
  const [result] = await tx.$queryRaw<{ created: number; differing: number }[]>`
    WITH input AS (
      SELECT * FROM unnest(${rows.map((r) => r.promptId)}::uuid[], ${rows.map((r) => r.modelId)}::uuid[],
                           ${rows.map((r) => r.content)}::text[], ${rows.map((r) => r.tokens)}::int[])
        AS i(prompt_id, model_id, content, tokens)
    ), inserted AS (
      INSERT INTO corpus_responses (prompt_id, model_id, content, tokens)
      SELECT prompt_id, model_id, content, tokens FROM input
      ON CONFLICT (prompt_id, model_id) DO NOTHING RETURNING 1
    )
    -- The outer SELECT sees the table as it was before this statement: pre-existing rows only.
    SELECT (SELECT count(*) FROM inserted)::int AS created,
           (SELECT count(*) FROM input i JOIN corpus_responses r USING (prompt_id, model_id)
             WHERE r.content <> i.content)::int AS differing`;
  return result;
}

async function runImport(
  tx: Tx,
  { corpora, models, sources }: { corpora: CorpusMeta[]; models: CorpusModelInfo[]; sources: ImportSource[] },
): Promise<ImportCounts> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`;
  const counts: ImportCounts = {
    corporaCreated: [],
    corporaUpdated: [],
    promptsCreated: 0,
    promptsExisting: 0,
    promptsDiffering: 0,
    responsesCreated: 0,
    responsesUnchanged: 0,
    responsesDiffering: 0,
    modelsCreated: [],
  };
  const corpusIds = new Map<string, string>();
  for (const meta of corpora) {
    const { id, created, updated } = await ensureCorpus(tx, meta);
    corpusIds.set(meta.name, id);
    if (created) counts.corporaCreated.push(meta.name);
    if (updated) counts.corporaUpdated.push(meta.name);
  }
  const { ids: modelIds, created } = await ensureModels(tx, models);
  counts.modelsCreated = created;

  const createdPrompts = new Set<string>();
  const touchedPrompts = new Map<string, boolean>(); // id -> stored text differs
  for (const source of sources) {
    const corpusId = corpusIds.get(source.corpus)!;
    for await (const rows of source.batches) {
      const prompts = await upsertPrompts(tx, corpusId, rows);
      for (const id of prompts.created) createdPrompts.add(id);
      const promptIds = new Map<string, string>();
      for (const p of prompts.all) {
        promptIds.set(p.external_id, p.id);
        touchedPrompts.set(p.id, p.differs);
      }
      const responses = rows.map((r) => {
        const promptId = promptIds.get(r.externalId);
        const modelId = modelIds.get(r.model);
        if (!promptId || !modelId)
          throw new Error(`corpus import: no id for prompt ${r.externalId} / model ${r.model}`);
        return { promptId, modelId, content: r.response, tokens: r.tokens };
      });
      const result = await insertResponses(tx, responses);
      counts.responsesCreated += result.created;
      counts.responsesDiffering += result.differing;
      counts.responsesUnchanged += rows.length - result.created - result.differing;
    }
  }
  counts.promptsCreated = createdPrompts.size;
  for (const [id, differs] of touchedPrompts) {
    if (createdPrompts.has(id)) continue;
    counts.promptsExisting++;
    if (differs) counts.promptsDiffering++;
  }
  return counts;
}

function describeSource(files: string[]): string {
  const names = files.map((f) => path.basename(f));
  return names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
}

export type ImportCorpusFilesResult =
  | { status: "ok"; summary: CorpusImportSummary }
  | { status: "invalid"; errors: string[]; errorCount: number };

/**
 * Validates every record of every file, then imports all of them in one
 * transaction (all or nothing). Idempotent: see the note at the top.
 */
export async function importCorpusFiles({
  files,
  corpus,
  description,
  license,
  batchSize,
}: {
  files: string[];
  /** Overrides the default corpus name (`alpaca_eval`, or a JSONL file's basename). */
  corpus?: string;
  description?: string;
  license?: string;
  batchSize?: number;
}): Promise<ImportCorpusFilesResult> {
  const started = performance.now();
  const validation = await validateCorpusFiles({ files, corpus });
  if (!validation.ok)
    return { status: "invalid", errors: validation.errors, errorCount: validation.errorCount };
  const { plan } = validation;
  const validated = performance.now();
  const corpora: CorpusMeta[] = plan.corpora.map((name) => {
    const own = plan.files.filter((f) => f.corpus === name);
    return {
      name,
      description,
      license,
      source: describeSource(own.map((f) => f.file)),
      defaultDescription: own.every((f) => f.format === "alpaca_eval") ? ALPACA_EVAL_DESCRIPTION : null,
    };
  });
  const sources = plan.files.map((f, fileIndex) => ({
    corpus: f.corpus,
    batches: readImportBatches({ plan, fileIndex, batchSize }),
  }));
  const models = plan.models.map((slug) => ({ slug, displayName: slug }));
  const counts = await db.$transaction((tx) => runImport(tx, { corpora, models, sources }), TX_OPTIONS);
  return {
    status: "ok",
    summary: {
      ...counts,
      files: plan.files.length,
      duplicatesSkipped: plan.skip.size,
      validateMs: validated - started,
      importMs: performance.now() - validated,
    },
  };
}

/**
 * Seeds the demo corpus (prisma/demo/corpus.json): corpus, models, prompts and
 * responses. Idempotent and cheap when already seeded (a few queries, no writes);
 * throws DemoCorpusError when the file is missing or invalid.
 */
export async function seedDemo({
  file = DEMO_CORPUS_PATH,
}: {
  file?: string;
} = {}): Promise<CorpusImportSummary> {
  const started = performance.now();
  const demo = await readDemoCorpus(file);
  const source = file === DEMO_CORPUS_PATH ? "prisma/demo/corpus.json" : file;
  const { corpus, models, rows } = demoImport(demo, source);
  const validated = performance.now();
  async function* batches() {
    for (let i = 0; i < rows.length; i += 1000) yield rows.slice(i, i + 1000);
  }
  const counts = await db.$transaction(
    (tx) =>
      runImport(tx, { corpora: [corpus], models, sources: [{ corpus: corpus.name, batches: batches() }] }),
    TX_OPTIONS,
  );
  return {
    ...counts,
    files: 1,
    duplicatesSkipped: 0,
    validateMs: validated - started,
    importMs: performance.now() - validated,
  };
}

/**
 * For start scripts: seeds the demo corpus only on a fresh database (no corpus
 * at all), so a deployer who deleted the demo or imported their own corpora is
 * left alone. Returns what was seeded, or null when a corpus was already present.
 */
export async function seedDemoIfEmpty({ file }: { file?: string } = {}): Promise<{
  prompts: number;
  responses: number;
  models: number;
} | null> {
  if ((await db.corpus.count()) > 0) return null;
  const s = await seedDemo({ file });
  return { prompts: s.promptsCreated, responses: s.responsesCreated, models: s.modelsCreated.length };
}

export interface CorpusStats {
  name: string;
  prompts: number;
  responses: number;
  models: string[];
}

/** Prompt/response counts and the models with responses in a corpus, or null when it does not exist. */
export async function getCorpusStats({ name }: { name: string }): Promise<CorpusStats | null> {
  const corpus = await db.corpus.findUnique({ where: { name }, select: { id: true } });
  if (!corpus) return null;
  const [prompts, responses, models] = await Promise.all([
    db.corpusPrompt.count({ where: { corpusId: corpus.id } }),
    db.corpusResponse.count({ where: { prompt: { corpusId: corpus.id } } }),
    db.model.findMany({
      where: { responses: { some: { prompt: { corpusId: corpus.id } } } },
      select: { slug: true },
      orderBy: { slug: "asc" },
    }),
  ]);
  return { name, prompts, responses, models: models.map((m) => m.slug) };
}
