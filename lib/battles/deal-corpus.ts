import "server-only";
import { categoryTagsFor } from "@/lib/arena/categories";
import type { Rng } from "@/lib/arena/pairing";
import { drawCorpusPair, drawCorpusPrompt } from "@/lib/arena/samplers";
import { inScreenOrder } from "@/lib/arena/sides";
import type { BattleView } from "@/lib/arena/types";
import { getDealableCorpusPrompt, insertCorpusBattle, listDealableCorpusPromptIds } from "@/lib/db/battles";

// Dealing a fixed-prompt (corpus) battle, the counterpart of lib/live/start.ts: the draw
// is lib/arena's (its probability is stored with the battle), lib/db only reads and writes.

/** A corpus battle for this voter, or null when no corpus can make one (the page shows an empty state). */
export async function dealCorpusBattle({
  voterId,
  rng = Math.random,
}: {
  voterId: string;
  rng?: Rng;
}): Promise<BattleView | null> {
  const promptId = drawCorpusPrompt(await listDealableCorpusPromptIds(), rng);
  if (promptId === null) return null;
  const prompt = await getDealableCorpusPrompt(promptId);
  const draw = drawCorpusPair(prompt.answers, rng);
  const categoryTags = categoryTagsFor({
    text: prompt.text,
    language: prompt.language,
    category: prompt.category,
    corpusName: prompt.corpusName,
  });
  const battle = await insertCorpusBattle({
    voterId,
    prompt,
    a: draw.a,
    b: draw.b,
    shownLeft: draw.shownLeft,
    sampler: draw.sampler,
    pairProbability: draw.probability,
    categoryTags,
  });
  const [left, right] = inScreenOrder(draw, draw.shownLeft);
  return {
    id: battle.id,
    mode: "corpus",
    prompt: prompt.text,
    left: { content: left.content },
    right: { content: right.content },
    categoryTags,
    reveal: null,
  };
}
