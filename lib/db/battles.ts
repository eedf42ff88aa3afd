import "server-only";
import type { SamplerId } from "@/lib/arena/samplers";
import { inScreenOrder, revealFor, type StoredSide } from "@/lib/arena/sides";
import type { BattleView } from "@/lib/arena/types";
import { db } from "./client";
import { ensureVoter } from "./voters";

/** Ids of the prompts at least two active models answered: the ones a corpus battle can use. */
export async function listDealableCorpusPromptIds(): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT r.prompt_id AS id
    FROM corpus_responses r JOIN models m ON m.id = r.model_id
    WHERE m.status = 'active'
    GROUP BY r.prompt_id HAVING count(*) >= 2
    ORDER BY r.prompt_id`;
  return rows.map((r) => r.id);
}

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

export async function getDealableCorpusPrompt(id: string): Promise<DealableCorpusPrompt> {
  const prompt = await db.corpusPrompt.findUniqueOrThrow({
    where: { id },
    include: {
      corpus: { select: { name: true } },
      responses: {
        where: { model: { status: "active" } },
        select: { modelId: true, content: true, tokens: true },
        orderBy: { modelId: "asc" },
      },
    },
  });
  return {
    id: prompt.id,
    text: prompt.text,
    language: prompt.language,
    category: prompt.category,
    corpusName: prompt.corpus.name,
    answers: prompt.responses,
  };
}

/** Stores a dealt corpus battle (ready to vote on: its answers are the corpus's). */
export async function insertCorpusBattle(input: {
  voterId: string;
  prompt: { id: string; text: string };
  a: CorpusAnswer;
  b: CorpusAnswer;
  shownLeft: StoredSide;
  sampler: SamplerId;
  pairProbability: number;
  categoryTags: string[];
}): Promise<{ id: string }> {
  await ensureVoter({ id: input.voterId });
  return db.battle.create({
    data: {
      mode: "corpus",
      status: "ready",
      modelAId: input.a.modelId,
      modelBId: input.b.modelId,
      shownLeft: input.shownLeft,
      corpusPromptId: input.prompt.id,
      samplerName: input.sampler.name,
      samplerVersion: input.sampler.version,
      pairProbability: input.pairProbability,
      voterId: input.voterId,
      categoryTags: input.categoryTags,
      messages: {
        create: [
          { side: null, turn: 0, role: "user", content: input.prompt.text },
          { side: "a", turn: 0, role: "assistant", content: input.a.content, tokens: input.a.tokens },
          { side: "b", turn: 0, role: "assistant", content: input.b.content, tokens: input.b.tokens },
        ],
      },
    },
    select: { id: true },
  });
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
