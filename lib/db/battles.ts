import "server-only";
import { categoryTagsFor } from "@/lib/arena/categories";
import { drawUniformPair, type Rng, UNIFORM_SAMPLER } from "@/lib/arena/pairing";
import type { BattleView, Reveal } from "@/lib/arena/types";
import { db } from "./client";
import { ensureVoter } from "./voters";

type Side = "a" | "b";

const other = (s: Side): Side => (s === "a" ? "b" : "a");

/**
 * Deals a corpus battle: a uniformly random prompt that at least two active models
 * answered, then a uniform pair among those models. Returns null when no corpus can
 * make a battle (the page shows an empty state).
 */
export async function createCorpusBattle({
  voterId,
  rng = Math.random,
}: {
  voterId: string;
  rng?: Rng;
}): Promise<BattleView | null> {
  await ensureVoter({ id: voterId });
  const prompts = await db.$queryRaw<{ id: string; n: bigint }[]>`
    SELECT r.prompt_id AS id, count(*) AS n
    FROM corpus_responses r JOIN models m ON m.id = r.model_id
    WHERE m.status = 'active'
    GROUP BY r.prompt_id HAVING count(*) >= 2
    ORDER BY r.prompt_id`;
  if (prompts.length === 0) return null;
  const promptId = prompts[Math.floor(rng() * prompts.length)].id;

  const prompt = await db.corpusPrompt.findUniqueOrThrow({
    where: { id: promptId },
    include: {
      corpus: { select: { name: true } },
      responses: {
        where: { model: { status: "active" } },
        select: { modelId: true, content: true, tokens: true },
        orderBy: { modelId: "asc" },
      },
    },
  });
  const draw = drawUniformPair(prompt.responses, rng);
  const tags = categoryTagsFor({
    text: prompt.text,
    language: prompt.language,
    category: prompt.category,
    corpusName: prompt.corpus.name,
  });
  const battle = await db.battle.create({
    data: {
      mode: "corpus",
      status: "ready",
      modelAId: draw.a.modelId,
      modelBId: draw.b.modelId,
      shownLeft: draw.shownLeft,
      corpusPromptId: prompt.id,
      samplerName: `corpus-${UNIFORM_SAMPLER.name}`,
      samplerVersion: UNIFORM_SAMPLER.version,
      pairProbability: draw.probability,
      voterId,
      categoryTags: tags,
      messages: {
        create: [
          { side: null, turn: 0, role: "user", content: prompt.text },
          { side: "a", turn: 0, role: "assistant", content: draw.a.content, tokens: draw.a.tokens },
          { side: "b", turn: 0, role: "assistant", content: draw.b.content, tokens: draw.b.tokens },
        ],
      },
    },
    select: { id: true },
  });
  const [left, right] = draw.shownLeft === "a" ? [draw.a, draw.b] : [draw.b, draw.a];
  return {
    id: battle.id,
    mode: "corpus",
    prompt: prompt.text,
    left: { content: left.content },
    right: { content: right.content },
    categoryTags: tags,
    reveal: null,
  };
}

const modelSelect = { select: { slug: true, displayName: true, organization: true } } as const;

/** A battle as its own voter sees it (model names only after the vote); null if not theirs or unknown. */
export async function getBattleForVoter({
  id,
  voterId,
}: {
  id: string;
  voterId: string;
}): Promise<BattleView | null> {
  const battle = await db.battle.findFirst({
    where: { id, voterId },
    include: {
      messages: { where: { turn: 0 }, orderBy: { attempt: "desc" } },
      vote: true,
      modelA: modelSelect,
      modelB: modelSelect,
    },
  });
  if (!battle) return null;
  const text = (side: Side | null) => battle.messages.find((m) => m.side === side)?.content ?? "";
  const leftSide = battle.shownLeft;
  return {
    id: battle.id,
    mode: battle.mode,
    prompt: text(null),
    left: { content: text(leftSide) },
    right: { content: text(other(leftSide)) },
    categoryTags: battle.categoryTags,
    reveal: battle.vote
      ? revealFor({
          shownLeft: leftSide,
          modelA: battle.modelA,
          modelB: battle.modelB,
          outcome: battle.vote.outcome,
          countsForPublic: battle.vote.countsForPublic,
          exclusionReason: battle.vote.exclusionReason,
        })
      : null,
  };
}

export function revealFor(v: {
  shownLeft: Side;
  modelA: Reveal["left"];
  modelB: Reveal["left"];
  outcome: "a" | "b" | "tie" | "both_bad";
  countsForPublic: boolean;
  exclusionReason: string | null;
}): Reveal {
  const [left, right] = v.shownLeft === "a" ? [v.modelA, v.modelB] : [v.modelB, v.modelA];
  const choice =
    v.outcome === "tie" || v.outcome === "both_bad"
      ? v.outcome
      : v.outcome === v.shownLeft
        ? "left"
        : "right";
  return { left, right, choice, countsForPublic: v.countsForPublic, exclusionReason: v.exclusionReason };
}
