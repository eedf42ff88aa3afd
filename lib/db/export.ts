import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import { latestTurns, type StoredMessage } from "@/lib/export/conversation";
import { pseudonymizer } from "@/lib/export/pseudonym";
import type { ExportFilters, ExportMessage, ExportVote, Outcome } from "@/lib/export/types";
import { exportSql, filterParams, LATER_TURNS_SQL } from "./export-sql";

// Vote dumps are read through a server-side cursor (DECLARE … FETCH n) on a
// dedicated connection, inside one REPEATABLE READ READ ONLY transaction:
// - memory stays at a few batches however many votes match;
// - the dump is one consistent snapshot, even while votes keep arriving;
// - `evaluation_order` (the vote's rank among all of its voter's votes) comes from a
//   window function over the whole table, which keyset pages could only compute
//   with a per-row count over the voter's history.
// Postgres sorts with bounded work_mem (spilling to disk), so neither side grows
// with the table.

interface Row {
  battle_id: string;
  voter_id: string;
  outcome: Outcome;
  voted_ms: number;
  counts_for_public: boolean;
  exclusion_reason: string | null;
  evaluation_order: number;
  mode: ExportVote["mode"];
  shown_left: "a" | "b";
  category_tags: string[];
  model_a: string;
  model_b: string;
  user_content: string | null;
  user_tokens: number | null;
  a_content: string | null;
  a_tokens: number | null;
  b_content: string | null;
  b_tokens: number | null;
  multi_turn: boolean;
  conv_metadata: string | null;
}

type MessageRow = [
  battleId: string,
  turn: number,
  side: "a" | "b" | null,
  attempt: number,
  content: string,
  tokens: number | null,
];

const message = (content: string | null, tokens: number | null): ExportMessage | null =>
  content === null ? null : { content, tokens };

const laterMessage = ([, turn, side, attempt, content, tokens]: MessageRow): StoredMessage => ({
  turn,
  side,
  attempt,
  content,
  tokens,
});

function toExportVote(r: Row, later: MessageRow[], pseudonym: (voterId: string) => string): ExportVote {
  return {
    battleId: r.battle_id,
    judge: pseudonym(r.voter_id),
    evaluationOrder: r.evaluation_order,
    outcome: r.outcome,
    votedAt: new Date(r.voted_ms),
    mode: r.mode,
    shownLeft: r.shown_left,
    modelA: r.model_a,
    modelB: r.model_b,
    categoryTags: r.category_tags,
    countsForPublic: r.counts_for_public,
    exclusionReason: r.counts_for_public ? null : r.exclusion_reason,
    turns: [
      {
        user: message(r.user_content, r.user_tokens) ?? { content: "", tokens: null },
        a: message(r.a_content, r.a_tokens),
        b: message(r.b_content, r.b_tokens),
      },
      ...(later.length === 0 ? [] : latestTurns(later.map(laterMessage))),
    ],
    convMetadata: r.conv_metadata,
  };
}

export interface StreamVotesOptions {
  filters: ExportFilters;
  /** Key for the voter pseudonyms; the raw voter id never leaves this module. */
  salt: string;
  /** Votes per batch: small enough that a batch's answers fit the socket buffers (see below). */
  batchSize?: number;
  /** Defaults to DATABASE_URL (scripts and tests may point elsewhere). */
  connectionString?: string;
  /** Read each vote's stored conv_metadata (formats that print it); else it stays null. */
  convMetadata?: boolean;
}

/**
 * Yields the matching votes in batches, oldest first. Stop early with `return()`
 * (a cancelled download): the transaction is rolled back and the connection closed.
 */
export async function* streamVotesForExport({
  filters,
  salt,
  batchSize = 150,
  connectionString,
  convMetadata = false,
}: StreamVotesOptions): AsyncGenerator<ExportVote[], void, undefined> {
  const client = new pg.Client({
    connectionString: connectionString ?? env().DATABASE_URL,
    application_name: "arena-export",
  });
  // A dropped connection must not crash the process (pg emits 'error' on idle clients).
  client.on("error", (error) => console.error("export connection error", error));
  await client.connect();
  const pseudonym = pseudonymizer(salt);
  const fetchSql = `FETCH ${Math.max(1, Math.floor(batchSize))} FROM export_votes`;
  const readBatch = async (): Promise<ExportVote[] | null> => {
    const { rows } = await client.query<Row>(fetchSql);
    if (rows.length === 0) return null;
    const byBattle = new Map<string, MessageRow[]>();
    const multi = rows.filter((r) => r.multi_turn).map((r) => r.battle_id);
    if (multi.length > 0) {
      const later = await client.query<MessageRow>({
        text: LATER_TURNS_SQL,
        values: [multi],
        rowMode: "array",
      });
      for (const m of later.rows) {
        const list = byBattle.get(m[0]);
        if (list) list.push(m);
        else byBattle.set(m[0], [m]);
      }
    }
    return rows.map((r) => toExportVote(r, byBattle.get(r.battle_id) ?? [], pseudonym));
  };
  // Reads run one after another on the connection (pg no longer wants overlapping
  // queries on one client), but the next read starts as soon as the previous one
  // ends, not when the consumer asks for it.
  let tail: Promise<unknown> = Promise.resolve();
  const load = (): Promise<ExportVote[] | null> => {
    const p = tail.then(readBatch);
    tail = p.catch(() => {});
    return p;
  };
  // Two loads stay queued on the connection while a batch is formatted and sent, so
  // Postgres and Node work at the same time. Batches are small so that Postgres can
  // write a whole batch into the socket without waiting for Node to read it, and so
  // that little is alive when V8 collects its young generation: at a 1M-vote dump,
  // 150 votes cost Node 13.4 µs a vote, 250 cost 15.6 and 50 cost 18.2 (per-batch work).
  const inFlight: Promise<ExportVote[] | null>[] = [];
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // A download abandoned without a cancel would otherwise hold the snapshot open forever.
    await client.query("SET LOCAL idle_in_transaction_session_timeout = '10min'");
    // JIT compiles for ~0.2 s per query and gains nothing on this plan.
    await client.query("SET LOCAL jit = off");
    await client.query(
      `DECLARE export_votes NO SCROLL CURSOR FOR ${exportSql({ convMetadata })}`,
      filterParams(filters),
    );
    inFlight.push(load(), load());
    for (;;) {
      const batch = await inFlight.shift()!;
      if (!batch) break;
      inFlight.push(load());
      yield batch;
    }
    await Promise.all(inFlight.splice(0)); // reads past the end: they return null at once
    await client.query("COMMIT");
  } finally {
    for (const p of inFlight) p.catch(() => {}); // abandoned on cancel: the connection closes below
    // Ending the connection also ends an open transaction and its cursor.
    await client.end().catch(() => {});
  }
}
