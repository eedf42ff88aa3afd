import "server-only";
import { type Outcome, type SideResult, sideResult } from "@/lib/arena/sides";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { maskContactDetails } from "@/lib/text-features/contact-details";
import { MODEL_INFO_SELECT, type ModelInfo } from "./leaderboard";
import { onReadReplica } from "./replica";

export async function getModelInfo({ slug }: { slug: string }): Promise<ModelInfo | null> {
  return onReadReplica((c) => c.model.findUnique({ where: { slug }, select: MODEL_INFO_SELECT }));
}

export interface ModelOrigin {
  providerKind: "openai_compatible" | "anthropic" | "google" | "corpus";
  /** When the model row was created: its first import, or when models.json first listed it. */
  addedAt: Date;
  /** Corpora the model has responses in, earliest import first. */
  corpora: { name: string; responses: number; importedAt: Date }[];
}

/**
 * Where a model came from, for its public page: many imported models carry no organization
 * or licence, and then this is all a reader can go on. Reads the model's own responses
 * (indexed by model), never the whole corpus.
 */
export async function getModelOrigin({ slug }: { slug: string }): Promise<ModelOrigin | null> {
  return onReadReplica((c) => loadModelOrigin(c, slug));
}

async function loadModelOrigin(db: PrismaClient, slug: string): Promise<ModelOrigin | null> {
  const model = await db.model.findUnique({
    where: { slug },
    select: { id: true, providerKind: true, createdAt: true },
  });
  if (!model) return null;
  const corpora = await db.$queryRaw<{ name: string; responses: number; imported_at: Date }[]>`
    SELECT c.name, count(*)::int AS responses, min(r.created_at) AS imported_at
    FROM corpus_responses r
    JOIN corpus_prompts p ON p.id = r.prompt_id
    JOIN corpora c ON c.id = p.corpus_id
    WHERE r.model_id = ${model.id}::uuid
    GROUP BY c.name
    ORDER BY min(r.created_at), c.name`;
  return {
    providerKind: model.providerKind,
    addedAt: model.createdAt,
    corpora: corpora.map((c) => ({ name: c.name, responses: c.responses, importedAt: c.imported_at })),
  };
}

export interface SampleBattle {
  id: string;
  prompt: string;
  opponent: string;
  result: SideResult;
  votedAt: Date;
}

/** Recent publicly counted battles of a model (identities are public once voted). */
export async function listSampleBattles({
  slug,
  limit = 10,
}: {
  slug: string;
  limit?: number;
}): Promise<SampleBattle[]> {
  const rows = await onReadReplica(
    (db) => db.$queryRaw<
      {
        id: string;
        prompt: string | null;
        opponent: string;
        outcome: Outcome;
        is_a: boolean;
        created_at: Date;
      }[]
    >`
    SELECT b.id, left(um.content, 300) AS prompt, o.display_name AS opponent, v.outcome::text AS outcome,
           (b.model_a_id = m.id) AS is_a, v.created_at
    FROM models m
    JOIN battles b ON b.model_a_id = m.id OR b.model_b_id = m.id
    JOIN votes v ON v.battle_id = b.id AND v.counts_for_public
    JOIN models o ON o.id = CASE WHEN b.model_a_id = m.id THEN b.model_b_id ELSE b.model_a_id END
    LEFT JOIN LATERAL (
      SELECT content FROM messages WHERE battle_id = b.id AND side IS NULL ORDER BY turn, attempt LIMIT 1
    ) um ON true
    WHERE m.slug = ${slug}
    ORDER BY v.created_at DESC
    LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    prompt: maskContactDetails(r.prompt ?? ""),
    opponent: r.opponent,
    votedAt: r.created_at,
    result: sideResult(r.outcome, r.is_a ? "a" : "b"),
  }));
}
