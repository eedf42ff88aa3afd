import "server-only";
import type { CategoryKey, LabelResult } from "@/lib/labels/criteria";
import { db } from "./client";

// Storage of the LLM labeller's prompt labels (lib/labels). A prompt is a battle's first
// user message, keyed by the sha256 of its text, so a corpus prompt asked in many
// battles is labelled once.

const PROMPT_SHA = `encode(sha256(convert_to(m.content, 'UTF8')), 'hex')`;

export interface PromptToLabel {
  sha256: string;
  text: string;
  missing: CategoryKey[];
}

/** Up to `limit` prompts of battles that lack a label in one of `categories`. */
export async function listPromptsToLabel({
  categories,
  limit,
}: {
  categories: CategoryKey[];
  limit: number;
}): Promise<PromptToLabel[]> {
  const rows = await db.$queryRawUnsafe<{ sha256: string; text: string; have: string[] }[]>(
    `SELECT p.sha256, p.text,
            coalesce((SELECT array_agg(l.category) FROM prompt_labels l WHERE l.prompt_sha256 = p.sha256), '{}') AS have
     FROM (SELECT DISTINCT ON (${PROMPT_SHA}) ${PROMPT_SHA} AS sha256, m.content AS text, m.created_at
           FROM messages m WHERE m.turn = 0 AND m.side IS NULL AND m.content <> ''
           ORDER BY ${PROMPT_SHA}, m.created_at) p
     WHERE (SELECT count(*) FROM prompt_labels l WHERE l.prompt_sha256 = p.sha256 AND l.category = ANY($1::text[])) < $2
     ORDER BY p.created_at, p.sha256
     LIMIT $3`,
    categories,
    categories.length,
    limit,
  );
  return rows.map((r) => ({
    sha256: r.sha256,
    text: r.text,
    missing: categories.filter((c) => !r.have.includes(c)),
  }));
}

export async function savePromptLabel(input: {
  sha256: string;
  category: CategoryKey;
  labeller: string;
  labellerVersion: string;
  result: LabelResult;
  rawOutput: string;
}): Promise<void> {
  const data = {
    labeller: input.labeller,
    labellerVersion: input.labellerVersion,
    result: input.result,
    rawOutput: input.rawOutput,
  };
  await db.promptLabel.upsert({
    where: { promptSha256_category: { promptSha256: input.sha256, category: input.category } },
    create: { promptSha256: input.sha256, category: input.category, ...data },
    update: { ...data, createdAt: new Date() },
  });
}

/** Every labelled prompt's labels by category, for the battles that asked it and lack `tags`. */
export async function listBattlesToTag(): Promise<
  { battleId: string; tags: string[]; labels: Partial<Record<CategoryKey, LabelResult>> }[]
> {
  const rows = await db.$queryRawUnsafe<
    { battle_id: string; tags: string[]; labels: Partial<Record<CategoryKey, LabelResult>> }[]
  >(
    `WITH labelled AS (
       SELECT prompt_sha256, json_object_agg(category, result) AS labels FROM prompt_labels GROUP BY 1)
     SELECT b.id::text AS battle_id, b.category_tags AS tags, l.labels
     FROM battles b
     JOIN messages m ON m.battle_id = b.id AND m.turn = 0 AND m.side IS NULL AND m.attempt = 0
     JOIN labelled l ON l.prompt_sha256 = ${PROMPT_SHA}`,
  );
  return rows.map((r) => ({ battleId: r.battle_id, tags: r.tags, labels: r.labels }));
}

/**
 * Adds `tags` to the battles. The per-category vote counts the triggers keep
 * (vote_aggregates, vote_exclusion_counts) are taken out for these battles' votes and
 * put back under the new tags, in one transaction, so the leaderboard's categories
 * include votes cast before the prompt was labelled.
 */
export async function addBattleTags(battleIds: string[], tags: string[]): Promise<number> {
  if (battleIds.length === 0 || tags.length === 0) return 0;
  return db.$transaction(async (tx) => {
    const apply = (sign: 1 | -1) =>
      tx.$executeRaw`
        SELECT vote_aggregates_apply(v.battle_id, v.id, v.outcome, v.counts_for_public, ${sign}::int),
               CASE WHEN NOT v.counts_for_public
                    THEN vote_exclusion_counts_apply(v.battle_id, coalesce(v.exclusion_reason, 'unspecified'), ${sign}::int)
               END
        FROM votes v WHERE v.battle_id = ANY(${battleIds}::uuid[])`;
    await apply(-1);
    const n = await tx.$executeRaw`
      UPDATE battles SET category_tags = (SELECT array_agg(DISTINCT t ORDER BY t) FROM unnest(category_tags || ${tags}::text[]) t)
      WHERE id = ANY(${battleIds}::uuid[])`;
    await apply(1);
    return n;
  });
}
