/** A corpus row to create (or find by name). */
export interface CorpusMeta {
  name: string;
  /** Set when the corpus is created, or updated when given and different. */
  description?: string | null;
  license?: string | null;
  /** Used only when the corpus is created. */
  source?: string | null;
  defaultDescription?: string | null;
}

/** A model to create when its slug does not exist yet; existing models are never modified. */
export interface CorpusModelInfo {
  slug: string;
  displayName: string;
  organization?: string | null;
  license?: string | null;
}

/** One response ready for the database, with its prompt. */
export interface ImportRow {
  externalId: string;
  prompt: string;
  category: string | null;
  language: string | null;
  model: string;
  response: string;
  tokens: number;
}

export interface CorpusImportSummary {
  files: number;
  corporaCreated: string[];
  corporaUpdated: string[];
  /** Distinct prompts this run touched, split by whether they already existed. */
  promptsCreated: number;
  promptsExisting: number;
  /** Existing prompts (given by prompt_id) whose stored text differs; the stored text is kept. */
  promptsDiffering: number;
  responsesCreated: number;
  responsesUnchanged: number;
  /** Existing responses whose stored content differs; the stored content is kept. */
  responsesDiffering: number;
  /** Exact repeats of a (prompt, model, response) within the run, imported once. */
  duplicatesSkipped: number;
  modelsCreated: string[];
  validateMs: number;
  importMs: number;
}
