import "server-only";
import path from "node:path";
import { DEMO_CORPUS_PATH, DemoCorpusError, demoImport, readDemoCorpus } from "@/lib/corpus/demo";
import { checkCorpusName, startProblemReport, toImportRow } from "@/lib/corpus/plan";
import { defaultCorpusName, detectFormat, formatRecordError, readCorpusFile } from "@/lib/corpus/read";
import type { CorpusImportSummary, CorpusMeta } from "@/lib/corpus/types";
import { db } from "./client";
import { runStagedImport } from "./corpus-import";

// Imports go through lib/db/corpus-import.ts (streamed, checked, all or nothing).

const ALPACA_EVAL_DESCRIPTION =
  "AlpacaEval instructions with model outputs (github.com/tatsu-lab/alpaca_eval)";

function describeSource(files: string[]): string {
  const names = files.map((f) => path.basename(f));
  return names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
}

export type ImportCorpusFilesResult =
  | { status: "ok"; summary: CorpusImportSummary }
  | { status: "invalid"; errors: string[]; errorCount: number };

/**
 * Streams every record of every file into one transaction, checks them, and writes
 * them all or nothing (memory holds a buffer, not the files). Idempotent and
 * insert-only: see lib/db/corpus-import.ts.
 */
export async function importCorpusFiles({
  files,
  corpus,
  description,
  license,
}: {
  files: string[];
  /** Overrides the default corpus name (`alpaca_eval`, or a JSONL file's basename). */
  corpus?: string;
  description?: string;
  license?: string;
}): Promise<ImportCorpusFilesResult> {
  const started = performance.now();
  const problems = startProblemReport(files, corpus);
  const report = problems.report;
  const inputs = await Promise.all(
    files.map(async (file) => {
      const format = await detectFormat(file);
      return { file, format, corpus: corpus ?? defaultCorpusName(file, format) };
    }),
  );
  for (const f of inputs) {
    const problem = corpus === undefined ? checkCorpusName(f.corpus) : null;
    if (problem) report(`${f.file}: corpus name from the file name ${problem}`);
  }
  if (problems.count > 0) return { status: "invalid", errors: problems.errors, errorCount: problems.count };

  const names = [...new Set(inputs.map((f) => f.corpus))];
  const corpora: CorpusMeta[] = names.map((name) => {
    const own = inputs.filter((f) => f.corpus === name);
    return {
      name,
      description,
      license,
      source: describeSource(own.map((f) => f.file)),
      defaultDescription: own.every((f) => f.format === "alpaca_eval") ? ALPACA_EVAL_DESCRIPTION : null,
    };
  });
  const result = await runStagedImport({
    corpora,
    models: [],
    files,
    stage: async (stager) => {
      for (const [fileIndex, f] of inputs.entries()) {
        for await (const r of readCorpusFile(f.file, f.format)) {
          if (!r.ok) report(formatRecordError(f.file, r));
          // After the first problem rows are no longer sent: the rest is only validated.
          else if (problems.count === 0)
            await stager.row(fileIndex, r.record.ordinal, r.record.at, f.corpus, toImportRow(r.record));
        }
      }
      return { errors: problems.errors, errorCount: problems.count };
    },
  });
  if (result.status === "invalid") return result;
  return {
    status: "ok",
    summary: {
      ...result.counts,
      files: files.length,
      validateMs: result.stagedMs,
      importMs: performance.now() - started - result.stagedMs,
    },
  };
}

/**
 * Seeds the demo corpus (prisma/demo/corpus.json): corpus, models, prompts and
 * responses. Idempotent and cheap when already seeded (no writes);
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
  const result = await runStagedImport({
    corpora: [corpus],
    models,
    files: [source],
    stage: async (stager) => {
      for (const [i, row] of rows.entries()) await stager.row(0, i, `row ${i}`, corpus.name, row);
      return { errors: [], errorCount: 0 };
    },
  });
  if (result.status === "invalid") throw new DemoCorpusError(result.errors.join("\n"));
  return {
    ...result.counts,
    files: 1,
    validateMs: result.stagedMs,
    importMs: performance.now() - started - result.stagedMs,
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
