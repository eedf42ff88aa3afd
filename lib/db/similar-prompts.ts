import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import type { PromptBatch } from "@/lib/ratings/prompt-index";

// The "prompts like mine" index's reads: the counted votes in a (created_at, id) range,
// grouped in SQL by (prompt, pair, outcome), the prompt keyed by md5 of its text. One
// REPEATABLE READ transaction per refresh, so the reads and the closing fingerprint see the
// same votes.

/** Where an index stopped: the last (created_at, id) it holds, and a fingerprint of what it holds. */
export interface PromptWatermark {
  at: string;
  id: string;
  /** Counted votes and Σ hashtext(id || outcome) over them, as vote_aggregates keeps it. */
  votes: number;
  idsum: string;
}

export interface PromptPagesResult {
  watermark: PromptWatermark;
  /** The database's fingerprint of every counted vote created up to the watermark's cut. */
  expected: { votes: number; idsum: string };
}

/** Stored outcome → index in the batch's OUTCOMES order (lib/ratings/prompt-index.ts): side a is model_a. */
const OUTCOME_INDEX: Record<string, number> = { a: 0, b: 1, tie: 2, both_bad: 3 };
/** Votes committed later than this after their created_at (a long transaction) are caught by the fingerprint. */
const SETTLE_SECONDS = 5;
/** Prompts are indexed on their first characters; a longer prompt adds little to the match. */
const INDEXED_CHARS = 4000;
const ZERO: PromptWatermark = {
  at: "-infinity",
  id: "00000000-0000-0000-0000-000000000000",
  votes: 0,
  idsum: "0",
};

const LAST_SQL = `
  SELECT created_at::text AS at, id::text AS id FROM votes
  WHERE counts_for_public AND created_at >= $1::timestamptz AND (created_at, id) > ($1::timestamptz, $2::uuid)
    AND created_at <= $3::timestamptz
  ORDER BY votes.created_at DESC, votes.id DESC LIMIT 1`;
const RANGE = `v.counts_for_public AND v.created_at >= $1::timestamptz AND v.created_at <= $3::timestamptz
  AND (v.created_at, v.id) > ($1::timestamptz, $2::uuid) AND (v.created_at, v.id) <= ($3::timestamptz, $4::uuid)`;
const CELLS_SQL = `
  SELECT md5(m.content) AS key, ma.slug AS a, mb.slug AS b, v.outcome::text AS outcome, count(*)::int AS n,
         sum(hashtext(v.id::text || v.outcome::text))::text AS idsum
  FROM votes v
  JOIN battles bt ON bt.id = v.battle_id
  JOIN models ma ON ma.id = bt.model_a_id
  JOIN models mb ON mb.id = bt.model_b_id
  LEFT JOIN messages m ON m.battle_id = bt.id AND m.turn = 0 AND m.side IS NULL AND m.attempt = 0 AND m.content <> ''
  WHERE ${RANGE}
  GROUP BY 1, 2, 3, 4`;
const TEXTS_SQL = `
  SELECT DISTINCT ON (md5(m.content)) md5(m.content) AS key, left(m.content, ${INDEXED_CHARS}) AS text
  FROM votes v
  JOIN messages m ON m.battle_id = v.battle_id AND m.turn = 0 AND m.side IS NULL AND m.attempt = 0 AND m.content <> ''
  WHERE ${RANGE}`;
const EXPECTED_SQL = `
  SELECT (SELECT coalesce(sum(n), 0) FROM vote_aggregates WHERE category = 'overall' AND counted)
           - (SELECT count(*) FROM votes WHERE counts_for_public AND created_at > $1::timestamptz) AS votes,
         round((SELECT coalesce(sum(idsum), 0) FROM vote_aggregates WHERE category = 'overall' AND counted)
           - (SELECT coalesce(sum(hashtext(id::text || outcome::text)), 0) FROM votes
              WHERE counts_for_public AND created_at > $1::timestamptz))::text AS idsum`;

/**
 * Reads the counted votes after `from` (all of them when null) up to a few seconds ago: first
 * the prompts' texts, then the (prompt, pair, outcome) counts, each through a cursor,
 * `chunkRows` rows at a time, handed to `onBatch` as PromptBatches (awaited, so a slow
 * consumer holds the reads back). One statement per kind over the whole range, so a full
 * build scans the tables once rather than once per page. Returns the new watermark with the
 * database's fingerprint of the same cut: if they differ, votes before the cut changed since
 * (a quarantine, or a vote committed late) and the index should be rebuilt from nothing.
 */
export async function readPromptPages(
  from: PromptWatermark | null,
  chunkRows: number,
  onBatch: (batch: PromptBatch) => Promise<void>,
): Promise<PromptPagesResult> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  client.on("error", (error) => console.error("prompt index read:", error.message));
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows: cutRows } = await client.query<{ cut: string }>(
      `SELECT (now() - interval '${SETTLE_SECONDS} seconds')::text AS cut`,
    );
    const cut = cutRows[0].cut;
    const mark = { ...(from ?? ZERO) };
    let idsum = BigInt(mark.idsum);
    const last = (await client.query<{ at: string; id: string }>(LAST_SQL, [mark.at, mark.id, cut])).rows[0];
    if (last) {
      const range = [mark.at, mark.id, last.at, last.id];
      const fetchAll = async <R extends pg.QueryResultRow>(
        sql: string,
        each: (rows: R[]) => Promise<void>,
      ) => {
        await client.query(`DECLARE prompt_rows NO SCROLL CURSOR FOR ${sql}`, range);
        for (;;) {
          const { rows } = await client.query<R>(`FETCH ${chunkRows} FROM prompt_rows`);
          if (rows.length === 0) break;
          await each(rows);
        }
        await client.query("CLOSE prompt_rows");
      };
      await fetchAll<{ key: string; text: string }>(TEXTS_SQL, (rows) =>
        onBatch({
          models: [],
          keys: rows.map((r) => r.key),
          texts: rows.map((r) => r.text),
          cells: new Int32Array(0),
        }),
      );
      type CellRow = { key: string | null; a: string; b: string; outcome: string; n: number; idsum: string };
      await fetchAll<CellRow>(CELLS_SQL, async (rows) => {
        for (const r of rows) {
          mark.votes += r.n;
          idsum += BigInt(r.idsum);
        }
        const batch = toBatch(rows);
        if (batch.cells.length > 0) await onBatch(batch);
      });
      mark.at = last.at;
      mark.id = last.id;
    }
    const { rows } = await client.query<{ votes: string; idsum: string }>(EXPECTED_SQL, [cut]);
    await client.query("COMMIT");
    return {
      watermark: { ...mark, idsum: idsum.toString() },
      expected: { votes: Number(rows[0].votes), idsum: rows[0].idsum },
    };
  } finally {
    await client.end();
  }
}

/** Counts of prompts the texts pass already sent (their texts are not repeated). */
function toBatch(
  cells: { key: string | null; a: string; b: string; outcome: string; n: number }[],
): PromptBatch {
  const keys: string[] = [];
  const keyIdx = new Map<string, number>();
  const models: string[] = [];
  const modelIdx = new Map<string, number>();
  const idx = (map: Map<string, number>, list: string[], value: string) => {
    let i = map.get(value);
    if (i === undefined) {
      i = list.length;
      list.push(value);
      map.set(value, i);
    }
    return i;
  };
  const out: number[] = [];
  for (const c of cells) {
    if (c.key === null) continue;
    out.push(
      idx(keyIdx, keys, c.key),
      idx(modelIdx, models, c.a),
      idx(modelIdx, models, c.b),
      OUTCOME_INDEX[c.outcome],
      c.n,
    );
  }
  return { models, keys, texts: keys.map(() => null), cells: Int32Array.from(out) };
}
