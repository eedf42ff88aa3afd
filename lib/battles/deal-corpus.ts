import "server-only";
import { categoryTagsFor } from "@/lib/arena/categories";
import type { Rng } from "@/lib/arena/pairing";
import { drawCorpusPair } from "@/lib/arena/samplers";
import { inScreenOrder, type StoredSide } from "@/lib/arena/sides";
import type { BattleView } from "@/lib/arena/types";
import { type DealtMeasures, drawDealableCorpusPrompt, insertCorpusBattle } from "@/lib/db/battles";
import type { LimitSpend } from "@/lib/db/rate-limits";
import { measureBattle } from "@/lib/export/as-seen";
import { cl100kTokens } from "@/lib/text-features/cl100k";

// Dealing a fixed-prompt (corpus) battle, the counterpart of lib/live/start.ts: the draw
// is lib/arena's (its probability is stored with the battle), lib/db only reads and writes.

/** The cl100k counts, style covariates and conv_metadata of a corpus battle as dealt. */
function measureDealt(
  prompt: { text: string },
  draw: {
    a: { content: string; tokens: number | null };
    b: { content: string; tokens: number | null };
    shownLeft: StoredSide;
  },
): DealtMeasures {
  const message = (side: StoredSide | null, content: string, tokens: number | null) => ({
    id: side ?? "user",
    turn: 0,
    side,
    attempt: 0,
    content,
    tokens,
    numTokens: cl100kTokens(content),
  });
  const messages = [
    message(null, prompt.text, null),
    message("a", draw.a.content, draw.a.tokens),
    message("b", draw.b.content, draw.b.tokens),
  ];
  const { style, convMetadata } = measureBattle(messages, draw.shownLeft);
  return {
    numTokens: { user: messages[0].numTokens, a: messages[1].numTokens, b: messages[2].numTokens },
    style,
    convMetadata,
  };
}

/**
 * A corpus battle for this voter, or null when no corpus can make one (the page shows an
 * empty state). Two round trips: the draw (which spends `limit`), and one statement
 * storing the battle, its messages and the voter (with `ipHash`, where the cookie was first seen, if unknown).
 */
export async function dealCorpusBattle({
  voterId,
  ipHash = null,
  limit = null,
  rng = Math.random,
}: {
  voterId: string;
  ipHash?: string | null;
  /** The deal's rate-limit points, spent by the draw (limitSpendFor): a 429 before anything is written. */
  limit?: LimitSpend | null;
  rng?: Rng;
}): Promise<BattleView | null> {
  // The uniform prompt draw (drawCorpusPrompt's floor(u·n)) runs in the database, over the
  // trigger-kept pool of dealable prompts: one index lookup, whatever the corpus's size.
  const prompt = await drawDealableCorpusPrompt(rng(), limit);
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
    // What a vote on it stores about what the voter saw, measured now: its answers never
    // change, so the vote needs no read of its own (record_corpus_vote).
    measures: measureDealt(prompt, draw),
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
