import "server-only";
import { once } from "node:events";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { CorpusMeta, CorpusModelInfo, ImportRow } from "@/lib/corpus/types";
import { env } from "@/lib/env";
import { checkStagedRows } from "./corpus-import-checks";
import { type ImportCounts, writeStaged } from "./corpus-import-writes";

// The one write path of corpus imports (files and the demo seed). Rows stream through
// COPY into a temporary table inside one transaction, so the importer's memory holds a
// buffer, not the file; duplicates and conflicts are then found by the database, and
// prompts and responses are inserted set-based (lib/db/corpus-import-writes.ts). Any problem rolls the whole
// transaction back: nothing is written. Imports are insert-only: a stored prompt or
// response is never modified, since battles and votes refer to the text voters saw.

const IMPORT_LOCK_KEY = 727_274_002; // serialises concurrent imports/seeds (see lib/db/migrate.ts for 001)

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
    let stagedRows = 0;
    const send = async () => {
      const chunk = batch.join("");
      batch = [];
      batchChars = 0;
      // once() rejects on "error" and drops its listeners either way (a race of two once()s
      // left one "error" listener behind per wait).
      if (!copy.write(chunk)) await once(copy, "drain");
    };
    const stager: Stager = {
      async row(fileIndex, ordinal, at, corpus, r) {
        const line = [fileIndex, ordinal, at, corpus, r.externalId, r.prompt, r.category, r.language, r.model]
          .concat([r.response, r.tokens])
          .map(copyField)
          .join("\t");
        batch.push(`${line}\n`);
        batchChars += line.length + 1;
        stagedRows++;
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
    const counts = await writeStaged(client, {
      corpora,
      models,
      stagedRows,
      duplicatesSkipped: checked.duplicatesSkipped,
    });
    await client.query("COMMIT");
    return { status: "ok", counts, stagedMs };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
