import "server-only";
import type { PairCount } from "@/lib/ratings";
import { db } from "./client";

export interface PromptCells {
  /** The battle's first user message. */
  prompt: string;
  /** Counted votes on battles with this prompt, per (model A, model B, outcome). */
  cells: PairCount[];
}

const OUTCOME = { a: "model_a", b: "model_b", tie: "tie", both_bad: "tie (bothbad)" } as const;

/**
 * Counted votes grouped by their battle's first prompt (identical prompts share a document),
 * for the "prompts like mine" board. Grouped in SQL: the app keeps one row per distinct
 * (prompt, pair, outcome), not per vote.
 */
export async function readPromptCells(): Promise<PromptCells[]> {
  const rows = await db.$queryRaw<
    { prompt: string; a: string; b: string; outcome: keyof typeof OUTCOME; n: number }[]
  >`
    SELECT m.content AS prompt, ma.slug AS a, mb.slug AS b, v.outcome::text AS outcome, count(*)::int AS n
    FROM votes v
    JOIN battles bt ON bt.id = v.battle_id
    JOIN messages m ON m.battle_id = bt.id AND m.turn = 0 AND m.side IS NULL AND m.attempt = 0
    JOIN models ma ON ma.id = bt.model_a_id
    JOIN models mb ON mb.id = bt.model_b_id
    WHERE v.counts_for_public AND m.content <> ''
    GROUP BY 1, 2, 3, 4
    ORDER BY 1`;
  const byPrompt = new Map<string, PairCount[]>();
  for (const r of rows) {
    const cells = byPrompt.get(r.prompt) ?? [];
    cells.push({ modelA: r.a, modelB: r.b, outcome: OUTCOME[r.outcome], count: r.n });
    byPrompt.set(r.prompt, cells);
  }
  return [...byPrompt].map(([prompt, cells]) => ({ prompt, cells }));
}
