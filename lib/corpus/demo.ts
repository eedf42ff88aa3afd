import { readFile } from "node:fs/promises";
import path from "node:path";
import { DemoCorpus, parseWith } from "./schemas";
import { detectLanguage, estimateTokens } from "./text";
import type { CorpusMeta, CorpusModelInfo, ImportRow } from "./types";

// Inside the Next bundle (the console's corpus upload imports this module) import.meta.dirname
// is undefined; the server runs from the project root there.
export const DEMO_CORPUS_PATH = path.resolve(
  /* turbopackIgnore: true */ import.meta.dirname ?? path.join(process.cwd(), "lib/corpus"),
  "../../prisma/demo/corpus.json",
);

export class DemoCorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemoCorpusError";
  }
}

/** Reads and validates the demo corpus; throws DemoCorpusError listing every problem. */
export async function readDemoCorpus(file: string = DEMO_CORPUS_PATH): Promise<DemoCorpus> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new DemoCorpusError(`${file}: cannot read file (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DemoCorpusError(`${file}: invalid JSON (${(error as Error).message})`);
  }
  const parsed = parseWith(DemoCorpus, value);
  if (!parsed.ok) throw new DemoCorpusError(parsed.reasons.map((r) => `${file}: ${r}`).join("\n"));
  return parsed.data;
}

/** The demo corpus as importer input: corpus row, models (with organization/license) and rows. */
export function demoImport(
  demo: DemoCorpus,
  source: string,
): { corpus: CorpusMeta; models: CorpusModelInfo[]; rows: ImportRow[] } {
  return {
    corpus: { name: demo.name, description: demo.description ?? null, license: demo.license ?? null, source },
    models: demo.models.map((m) => ({
      slug: m.slug,
      displayName: m.displayName,
      organization: m.organization ?? null,
      license: m.license ?? null,
    })),
    rows: demo.prompts.flatMap((p) =>
      Object.entries(p.responses).map(([model, response]) => ({
        externalId: p.id,
        prompt: p.prompt,
        category: p.category ?? null,
        language: p.language ?? detectLanguage(p.prompt),
        model,
        response,
        tokens: estimateTokens(response),
      })),
    ),
  };
}
