// npm run import:corpus -- [options] FILE...   (see USAGE, and lib/corpus/README.md)
import "dotenv/config";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { validateCorpusFiles } from "../lib/corpus/plan";
import { formatImportSummary } from "../lib/corpus/summary";
import { resolveDatabaseUrl } from "./database-url";

const USAGE = `Usage: npm run import:corpus -- [options] FILE|DIR...

Imports pre-generated model responses into a corpus for the corpus arena mode.
Every record of every file is validated first; if any is bad, nothing is
imported. Re-importing the same content changes nothing; existing prompts and
responses are never modified (votes may refer to them).

Input formats (by extension; otherwise "[" first means a JSON array):
  *.json            AlpacaEval model_outputs.json:
                    [{"instruction", "output", "generator", "dataset"}, ...]
  *.jsonl, *.ndjson one {"prompt_id"?, "prompt", "model", "response",
                    "category"?, "language"?} per line (lib/corpus/README.md)
  DIR               its *.json, *.jsonl and *.ndjson files

Options:
  --corpus NAME         corpus to import into (default: "alpaca_eval" for
                        AlpacaEval files, the file's basename for JSONL)
  --license TEXT        set the corpus licence
  --description TEXT    set the corpus description
  --dry-run             validate only, without a database
  -h, --help            show this help

Exit status: 0 imported, 2 bad usage or bad input (nothing imported),
1 other failure (e.g. database). Uses DATABASE_URL (environment or .env) or,
when it is unset, the embedded database of a running \`npm run arena\`.`;

async function expand(args: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => null);
    if (!info?.isDirectory()) {
      files.push(arg); // a missing file is reported by validation, with the others
      continue;
    }
    const names = (await readdir(arg)).filter((n) => /\.(json|jsonl|ndjson)$/i.test(n)).sort();
    files.push(...names.map((n) => path.join(arg, n)));
  }
  return files;
}

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const OPTIONS = {
  corpus: { type: "string" },
  license: { type: "string" },
  description: { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function parse() {
  try {
    return parseArgs({ options: OPTIONS, allowPositionals: true });
  } catch (error) {
    fail(`import:corpus: ${(error as Error).message}\n\n${USAGE}`, 2);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parse();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length === 0) fail(`import:corpus: no input files\n\n${USAGE}`, 2);
  const files = await expand(positionals);
  const options = { files, corpus: values.corpus, license: values.license, description: values.description };

  if (values["dry-run"]) {
    const result = await validateCorpusFiles(options);
    if (!result.ok) reportInvalid(result.errors, result.errorCount);
    const { plan } = result;
    for (const f of plan.files)
      console.error(`  ${f.file}: ${f.records} records (${f.format}) → corpus "${f.corpus}"`);
    console.error(
      `import:corpus: dry run: ${plan.records} valid records, ${plan.models.length} models, ${plan.skip.size} exact repeats; nothing imported`,
    );
    return;
  }

  // Loaded only now, so --help and --dry-run need no database or environment.
  await resolveDatabaseUrl();
  const { importCorpusFiles } = await import("../lib/db/corpora");
  const { db } = await import("../lib/db/client");
  try {
    const result = await importCorpusFiles(options);
    if (result.status === "invalid") reportInvalid(result.errors, result.errorCount);
    console.error(formatImportSummary(result.summary));
  } finally {
    await db.$disconnect();
  }
}

function reportInvalid(errors: string[], errorCount: number): never {
  const more = errorCount > errors.length ? [`  … and ${errorCount - errors.length} more`] : [];
  fail(
    [
      `import:corpus: ${errorCount} problem${errorCount === 1 ? "" : "s"} found; nothing was imported.`,
      ...errors.map((e) => `  ${e}`),
      ...more,
    ].join("\n"),
    2,
  );
}

main().catch((error: unknown) => {
  console.error(`import:corpus: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
