import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";

/** A corpus where every one of `models` answered each of `prompts` prompts. */
export async function seedSmallCorpus({ models = 3, prompts = 2 } = {}): Promise<{ slugs: string[] }> {
  const created = await Promise.all(
    Array.from({ length: models }, (_, i) =>
      db.model.create({
        data: {
          slug: `model-${i}`,
          displayName: `Model ${i}`,
          organization: `Org ${i}`,
          providerKind: "corpus",
        },
      }),
    ),
  );
  const corpus = await db.corpus.create({ data: { name: "small" } });
  for (let p = 0; p < prompts; p++) {
    await db.corpusPrompt.create({
      data: {
        corpusId: corpus.id,
        externalId: `p${p}`,
        text: `Prompt ${p}`,
        language: "en",
        responses: {
          create: created.map((m) => ({
            modelId: m.id,
            content: `Answer ${p} #${m.displayName.length}-${created.indexOf(m)}`,
            tokens: 5,
          })),
        },
      },
    });
  }
  return { slugs: created.map((m) => m.slug) };
}

export const newVoterId = (): string => randomUUID();
