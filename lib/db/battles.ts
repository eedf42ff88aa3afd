import "server-only";
import type { SamplerId } from "@/lib/arena/samplers";
import { inScreenOrder, revealFor, type StoredSide } from "@/lib/arena/sides";
import type { BattleStyleFeatures } from "@/lib/arena/style-of-battle";
import type { BattleView } from "@/lib/arena/types";
import { db, prepared } from "./client";
import { type LimitSpend, type SpentRow, spendLimitsSql, spendParams, throwIfOverLimit } from "./rate-limits";

export interface CorpusAnswer {
  modelId: string;
  content: string;
  tokens: number | null;
}

export interface DealableCorpusPrompt {
  id: string;
  text: string;
  language: string | null;
  category: string | null;
  corpusName: string;
  /** The active models' answers, by model id. */
  answers: CorpusAnswer[];
}

/**
 * The dealable prompt at index floor(u · n) of the trigger-kept draw pool (n prompts that
 * at least two active models answered), with its active answers: a uniform draw over those
 * prompts in one index lookup, whatever the corpus's size. Null when no prompt is dealable.
 * The same statement spends the deal's rate-limit points (`spend`, lib/db/rate-limits.ts),
 * which throws a 429 here when they are used up, so a deal is two round trips in all.
 */
export async function drawDealableCorpusPrompt(
  u: number,
  spend: LimitSpend | null = null,
): Promise<DealableCorpusPrompt | null> {
  const rows = await prepared<
    Partial<Omit<DealableCorpusPrompt, "answers">> & { answers: CorpusAnswer[] | null; spent: SpentRow[] }
  >(
    "draw_corpus_prompt",
    `WITH spent AS (${spendLimitsSql(2)})
     SELECT (SELECT coalesce(json_agg(spent), '[]') FROM spent) AS spent, d.*
     FROM (SELECT 1) one LEFT JOIN LATERAL (
       SELECT p.id::text, p.text, p.language, p.category, c.name AS "corpusName",
              (SELECT json_agg(json_build_object('modelId', r.model_id, 'content', r.content, 'tokens', r.tokens)
                               ORDER BY r.model_id)
               FROM corpus_responses r JOIN models m ON m.id = r.model_id AND m.status = 'active'
               WHERE r.prompt_id = p.id) AS answers
       FROM corpus_draw_pool d
       JOIN corpus_prompts p ON p.id = d.prompt_id
       JOIN corpora c ON c.id = p.corpus_id
       WHERE d.idx = floor($1::float8 * (SELECT max(idx) + 1 FROM corpus_draw_pool))::int) d ON true`,
    [u, ...spendParams(spend)],
  );
  const { spent, answers, ...prompt } = rows[0];
  throwIfOverLimit(spend, spent);
  if (prompt.id === null || prompt.id === undefined) return null;
  return { ...(prompt as Omit<DealableCorpusPrompt, "answers">), answers: answers ?? [] };
}

/** What the deal measured of what the voter will see (lib/battles/deal-corpus.ts). */
export interface DealtMeasures {
  /** messages.num_tokens (cl100k) of the prompt and the two answers. */
  numTokens: { user: number; a: number; b: number };
  /** battles.dealt_style_features and dealt_conv_metadata: what the vote copies. */
  style: BattleStyleFeatures;
  convMetadata: string;
}

/**
 * Stores a dealt corpus battle (ready to vote on: its answers are the corpus's), its
 * voter (with the address it was first seen from, when it had none), and its three
 * messages in one prepared statement: one round trip per deal.
 */
export async function insertCorpusBattle(input: {
  voterId: string;
  /** Keyed hash of the request's address (lib/abuse/request-facts.ts), or null. */
  ipHash: string | null;
  prompt: { id: string; text: string };
  a: CorpusAnswer;
  b: CorpusAnswer;
  shownLeft: StoredSide;
  sampler: SamplerId;
  pairProbability: number;
  categoryTags: string[];
  measures: DealtMeasures;
}): Promise<{ id: string }> {
  const { a, b } = input;
  const [row] = await prepared<{ id: string }>(
    "insert_corpus_battle",
    `WITH voter AS (INSERT INTO voters (id, ip_hash) VALUES ($1::uuid, $2::text) ON CONFLICT (id) DO NOTHING),
     -- A known voter without an address yet (one statement's parts share a snapshot, so a
     -- voter inserted just above is not seen here: it has its address already).
     origin AS (UPDATE voters SET ip_hash = $2::text WHERE id = $1::uuid AND ip_hash IS NULL AND $2::text IS NOT NULL),
     battle AS (
       INSERT INTO battles (mode, status, model_a_id, model_b_id, shown_left, corpus_prompt_id, sampler_name,
                            sampler_version, pair_probability, voter_id, category_tags,
                            dealt_style_features, dealt_conv_metadata)
       VALUES ('corpus', 'ready', $3::uuid, $4::uuid, $5::"Side", $6::uuid, $7, $8, $9::float8, $1::uuid, $10::text[],
               $19::jsonb, $20::json)
       RETURNING id),
     messages AS (
       INSERT INTO messages (battle_id, side, turn, role, content, tokens, num_tokens)
       SELECT battle.id, m.side, 0, m.role, m.content, m.tokens, m.num_tokens
       FROM battle, (VALUES (NULL::"Side", 'user', $11::text, NULL::int, $16::int),
                            ('a'::"Side", 'assistant', $12::text, $13::int, $17::int),
                            ('b'::"Side", 'assistant', $14::text, $15::int, $18::int))
                    AS m(side, role, content, tokens, num_tokens))
     SELECT id::text FROM battle`,
    [
      input.voterId,
      input.ipHash,
      a.modelId,
      b.modelId,
      input.shownLeft,
      input.prompt.id,
      input.sampler.name,
      input.sampler.version,
      input.pairProbability,
      input.categoryTags,
      input.prompt.text,
      a.content,
      a.tokens,
      b.content,
      b.tokens,
      input.measures.numTokens.user,
      input.measures.numTokens.a,
      input.measures.numTokens.b,
      JSON.stringify(input.measures.style),
      input.measures.convMetadata,
    ],
  );
  return row;
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
  const text = (side: StoredSide | null) => battle.messages.find((m) => m.side === side)?.content ?? "";
  const [left, right] = inScreenOrder({ a: text("a"), b: text("b") }, battle.shownLeft);
  return {
    id: battle.id,
    mode: battle.mode,
    prompt: text(null),
    left: { content: left },
    right: { content: right },
    categoryTags: battle.categoryTags,
    reveal: battle.vote
      ? revealFor({
          shownLeft: battle.shownLeft,
          modelA: battle.modelA,
          modelB: battle.modelB,
          outcome: battle.vote.outcome,
          countsForPublic: battle.vote.countsForPublic,
          exclusionReason: battle.vote.exclusionReason,
        })
      : null,
  };
}
