// Validation without a database (`import:corpus --dry-run`): every record of every
// file, and cross-file consistency, with the keys in memory. The import itself checks
// the same rules in the database over streamed rows (lib/db/corpus-import-checks.ts).
import { createHash } from "node:crypto";
import { estimateTokensFast } from "../text-features/tokens";
import {
  type CorpusFormat,
  type CorpusRecord,
  defaultCorpusName,
  detectFormat,
  formatRecordError,
  readCorpusFile,
} from "./read";
import { detectLanguage } from "./text";
import type { ImportRow } from "./types";

export interface CorpusFilePlan {
  file: string;
  format: CorpusFormat;
  corpus: string;
  records: number;
}

export interface CorpusImportPlan {
  files: CorpusFilePlan[];
  corpora: string[];
  models: string[];
  records: number;
  /** `${fileIndex}:${ordinal}` of exact repeats, skipped on import. */
  skip: Set<string>;
}

export type CorpusValidation =
  | { ok: true; plan: CorpusImportPlan }
  | { ok: false; errors: string[]; errorCount: number };

export const MAX_REPORTED_ERRORS = 50;

function digest(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("base64");
}

export function checkCorpusName(name: string): string | null {
  if (name.trim() === "") return "must not be empty";
  if (name.length > 100) return "must be at most 100 characters";
  return null;
}

export interface ProblemReport {
  /** The first MAX_REPORTED_ERRORS messages. */
  errors: string[];
  count: number;
  report(message: string): void;
}

/** Collects an import's problems, starting with the run's own: no files, a bad --corpus. */
export function startProblemReport(files: string[], corpus: string | undefined): ProblemReport {
  const r: ProblemReport = {
    errors: [],
    count: 0,
    report(message) {
      r.count++;
      if (r.errors.length < MAX_REPORTED_ERRORS) r.errors.push(message);
    },
  };
  if (files.length === 0) r.report("no input files given");
  const corpusProblem = corpus === undefined ? null : checkCorpusName(corpus);
  if (corpusProblem) r.report(`--corpus ${corpusProblem}`);
  return r;
}

/** Validates every record of every file; `errors` holds the first MAX_REPORTED_ERRORS messages. */
export async function validateCorpusFiles({
  files,
  corpus,
}: {
  files: string[];
  corpus?: string;
}): Promise<CorpusValidation> {
  const problems = startProblemReport(files, corpus);
  const report = problems.report;

  const prompts = new Map<string, { hash: string; where: string }>();
  const responses = new Map<string, { hash: string; where: string }>();
  const models = new Set<string>();
  const skip = new Set<string>();
  const plans: CorpusFilePlan[] = [];

  for (const [fileIndex, file] of files.entries()) {
    const format = await detectFormat(file);
    const corpusName = corpus ?? defaultCorpusName(file, format);
    const nameProblem = checkCorpusName(corpusName);
    if (nameProblem && corpus === undefined) report(`${file}: corpus name from the file name ${nameProblem}`);
    let records = 0;
    for await (const result of readCorpusFile(file, format)) {
      if (!result.ok) {
        report(formatRecordError(file, result));
        continue;
      }
      records++;
      const r: CorpusRecord = result.record;
      const where = `${file} ${r.at}`;
      const promptKey = `${corpusName}\0${r.externalId}`;
      const promptHash = digest(r.prompt);
      const seenPrompt = prompts.get(promptKey);
      if (!seenPrompt) prompts.set(promptKey, { hash: promptHash, where });
      else if (seenPrompt.hash !== promptHash) {
        report(`${where}: prompt "${r.externalId}" has a different text than at ${seenPrompt.where}`);
      }
      const responseKey = `${promptKey}\0${r.model}`;
      const responseHash = digest(r.response);
      const seenResponse = responses.get(responseKey);
      if (!seenResponse) responses.set(responseKey, { hash: responseHash, where });
      else if (seenResponse.hash !== responseHash) {
        report(
          `${where}: a second, different response of model "${r.model}" to prompt "${r.externalId}" (first at ${seenResponse.where})`,
        );
      } else skip.add(`${fileIndex}:${r.ordinal}`);
      models.add(r.model);
    }
    plans.push({ file, format, corpus: corpusName, records });
  }

  if (problems.count > 0) return { ok: false, errors: problems.errors, errorCount: problems.count };
  return {
    ok: true,
    plan: {
      files: plans,
      corpora: [...new Set(plans.map((p) => p.corpus))],
      models: [...models].sort(),
      records: plans.reduce((n, p) => n + p.records, 0),
      skip,
    },
  };
}

export function toImportRow(r: CorpusRecord): ImportRow {
  return {
    externalId: r.externalId,
    prompt: r.prompt,
    category: r.category,
    language: r.language ?? detectLanguage(r.prompt),
    model: r.model,
    response: r.response,
    // The ASCII fast path: the regex estimate was a quarter of staging's CPU at 1M responses.
    tokens: estimateTokensFast(r.response),
  };
}
