import "server-only";
import { categoryTagsFor } from "@/lib/arena/categories";
import type { Rng } from "@/lib/arena/pairing";
import { drawCorpusPair } from "@/lib/arena/samplers";
import { inScreenOrder } from "@/lib/arena/sides";
import type { BattleView } from "@/lib/arena/types";
import { drawDealableCorpusPrompt, insertCorpusBattle } from "@/lib/db/battles";
import { cl100kTokens } from "@/lib/text-features/cl100k";

// Dealing a fixed-prompt (corpus) battle, the counterpart of lib/live/start.ts: the draw
// is lib/arena's (its probability is stored with the battle), lib/db only reads and writes.

/**
 * A corpus battle for this voter, or null when no corpus can make one (the page shows an
 * empty state). Two round trips: the draw, and one statement storing the battle, its
 * messages and the voter (with `ipHash`, where the cookie was first seen, if unknown).
 */
export async function dealCorpusBattle({
  voterId,
  ipHash = null,
  rng = Math.random,
}: {
  voterId: string;
  ipHash?: string | null;
  rng?: Rng;
}): Promise<BattleView | null> {
  // The uniform prompt draw (drawCorpusPrompt's floor(u·n)) runs in the database, over the
  // trigger-kept pool of dealable prompts: one index lookup, whatever the corpus's size.
  const prompt = await drawDealableCorpusPrompt(rng());
  if (prompt === null || prompt.answers.length < 2) return null;
  const draw = drawCorpusPair(prompt.answers, rng);
  const categoryTags = categoryTagsFor({
    text: prompt.text,
    language: prompt.language,
    category: prompt.category,
    corpusName: prompt.corpusName,
  });
  const battle = await insertCorpusBattle({
    voterId,
    ipHash,
    prompt,
    a: draw.a,
    b: draw.b,
    shownLeft: draw.shownLeft,
    sampler: draw.sampler,
    pairProbability: draw.probability,
    categoryTags,
    // The cl100k counts a vote stores for what the voter saw (lib/export/as-seen.ts), known
    // now, so the vote need not count them and rewrite the three message rows.
    numTokens: {
      user: cl100kTokens(prompt.text),
      a: cl100kTokens(draw.a.content),
      b: cl100kTokens(draw.b.content),
    },
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
