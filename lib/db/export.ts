import "server-only";
import pg from "pg";
import { choiceFor, type Outcome, type StoredSide, type VoteChoice } from "@/lib/arena/sides";
import { latestTurns, type StoredMessage } from "@/lib/export/conversation";
import { pseudonymizer } from "@/lib/export/pseudonym";
import type { ExportFilters, ExportMessage, ExportVote } from "@/lib/export/types";
import { maskContactDetails } from "@/lib/text-features/contact-details";
import { DEDUP_SQL, exportSql, filterParams } from "./export-sql";
import { connectForRead } from "./replica";

// A vote dump is one SELECT on a dedicated connection, whose rows Postgres sends
// without waiting to be asked (no cursor, no FETCH round trips):
// - memory stays at a few batches however many votes match: while two batches wait
//   here the socket is paused, the kernel's buffers fill and Postgres blocks in
//   send(), so the backpressure is TCP's;
// - the dump is one consistent snapshot (one statement), even while votes keep arriving;
// - Postgres works on the next rows while Node formats the last ones. With a cursor,
//   node-postgres sent each FETCH only after the previous batch had been read, so
//   each side waited for the other (about a fifth of the dump's time);
// - `evaluation_order` (the vote's rank among all of its voter's votes) comes from a
//   window function over the whole table, which keyset pages could only compute
//   with a per-row count over the voter's history.
// Postgres sorts with bounded work_mem (spilling to disk), so neither side grows
// with the table.

interface Row {
  battle_id: string;
  battle_number: number;
  voter_id: string;
  outcome: Outcome;
  voted_ms: number;
  counts_for_public: boolean;
  exclusion_reason: string | null;
  evaluation_order: number;
  /** Lifetime rank of the first vote of this vote's session (0 without sessions). */
  session_start: number;
  mode: ExportVote["mode"];
  shown_left: StoredSide;
  category_tags: string[];
  model_a: string;
  model_b: string;
  user_content: string | null;
  user_tokens: number | null;
  a_content: string | null;
  a_tokens: number | null;
  b_content: string | null;
  b_tokens: number | null;
  /** Every attempt of the turns after the first (rare), else null. */
  later_turns: StoredMessage[] | null;
  conv_metadata: string | null;
  prompt_labels: string | null;
  /** {reasons, rationale} as JSON text when the voter explained the vote, else null. */
  explanation: string | null;
}

// Dumps are public: contact details typed into a prompt (or echoed by a model) are masked.
const message = (content: string | null, tokens: number | null): ExportMessage | null =>
  content === null ? null : { content: maskContactDetails(content), tokens };

/**
 * The voter's reason chips, one-line why and per-criterion answers; the why is free text, so
 * contact details are masked. Criteria come stored (a / b / tie) and leave as screen sides.
 */
function explanationOf(json: string | null, shownLeft: StoredSide): ExportVote["explanation"] {
  if (json === null) return null;
  const e = JSON.parse(json) as {
    reasons: string[] | null;
    rationale: string | null;
    criteria?: Record<string, Outcome> | null;
  };
  const criteria: Record<string, VoteChoice> = {};
  for (const [c, o] of Object.entries(e.criteria ?? {})) criteria[c] = choiceFor(o, shownLeft);
  return {
    reasons: e.reasons ?? [],
    rationale: e.rationale === null ? null : maskContactDetails(e.rationale),
    ...(Object.keys(criteria).length > 0 ? { criteria } : {}),
  };
}

/** Battle id → sampled, for the dump's high-frequency battles; null when dedup_tag is not computed. */
type FrequentBattles = Map<string, boolean> | null;

function toExportVote(
  r: Row,
  pseudonym: (voterId: string) => string,
  sessions: boolean,
  frequent: FrequentBattles,
): ExportVote {
  const judge = pseudonym(r.voter_id);
  return {
    battleId: r.battle_id,
    battleNumber: r.battle_number,
    judge,
    sessionId: sessions ? pseudonym(`${r.voter_id}/session/${r.session_start}`) : judge,
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
      ...(r.later_turns === null
        ? []
        : latestTurns(r.later_turns.map((m) => ({ ...m, content: maskContactDetails(m.content) })))),
    ],
    convMetadata: r.conv_metadata,
    promptLabels: r.prompt_labels,
    explanation: explanationOf(r.explanation, r.shown_left),
    dedupTag: frequent
      ? { highFreq: frequent.has(r.battle_id), sampled: frequent.get(r.battle_id) ?? true }
      : null,
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
  /** Read the voter's explanation (reasons, why, criteria) without conv_metadata (formats that opt in). */
  explanations?: boolean;
  /** Split each voter's votes into sessions (the 140k format's ids and order). */
  sessions?: boolean;
  /** Compute FastChat's dedup_tag (a first pass over the dump's prompts, in the same snapshot). */
  dedup?: boolean;
  /** Server-side limit on the dump's one query (default EXPORT_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
}

/**
 * However slowly a client reads, a dump's query ends after this long: Postgres keeps the
 * query (and its snapshot, holding back vacuum) open while it waits to write. A 1M-vote
 * dump takes well under a minute at the server's own pace. The connections themselves
 * are a separate small pool: at most MAX_CONCURRENT_EXPORTS per process
 * (lib/export/download.ts), apart from the pool votes use.
 */
export const EXPORT_STATEMENT_TIMEOUT_MS = 600_000;

type Socket = { pause(): void; resume(): void; isPaused(): boolean; destroy(): void };

/** node-postgres has no public handle on the socket; its Connection keeps it here. */
const socketOf = (client: pg.Client): Socket =>
  (client as unknown as { connection: { stream: Socket } }).connection.stream;

/**
 * Runs `sql` and yields its rows in batches of `batchSize` as Postgres streams them,
 * pausing the socket while two batches wait to be taken.
 */
async function* streamRows<T>(
  client: pg.Client,
  sql: string,
  values: unknown[],
  batchSize: number,
): AsyncGenerator<T[], void, undefined> {
  const socket = socketOf(client);
  let rows: T[] = [];
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const query = new pg.Query<T & pg.QueryResultRow>(sql, values);
  query.on("row", (row: T) => {
    rows.push(row);
    if (rows.length >= 2 * batchSize && !socket.isPaused()) socket.pause();
    if (rows.length >= batchSize) notify();
  });
  query.on("end", () => {
    ended = true;
    notify();
  });
  query.on("error", (error: Error) => {
    failure = error;
    ended = true;
    notify();
  });
  client.query(query);
  for (;;) {
    if (failure) throw failure;
    if (rows.length >= batchSize || (ended && rows.length > 0)) {
      const batch = rows.length > batchSize ? rows.splice(0, batchSize) : rows;
      if (batch === rows) rows = [];
      if (rows.length < batchSize && socket.isPaused()) socket.resume();
      yield batch;
    } else if (ended) {
      return;
    } else {
      if (socket.isPaused()) socket.resume();
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
}

/**
 * Yields the matching votes in batches, oldest first. Stop early with `return()`
 * (a cancelled download): the connection is closed, which ends the query.
 */
export async function* streamVotesForExport({
  filters,
  salt,
  batchSize = 150,
  connectionString,
  convMetadata = false,
  explanations = false,
  sessions = false,
  dedup = false,
  statementTimeoutMs = EXPORT_STATEMENT_TIMEOUT_MS,
}: StreamVotesOptions): AsyncGenerator<ExportVote[], void, undefined> {
  const config = { application_name: "arena-export", statement_timeout: statementTimeoutMs };
  // The read replica when one is configured and answers (lib/db/replica.ts), else the primary.
  const client = connectionString
    ? new pg.Client({ ...config, connectionString })
    : (await connectForRead(config)).client;
  if (connectionString) {
    // A dropped connection must not crash the process (pg emits 'error' on idle clients).
    client.on("error", (error) => console.error("export connection error", error));
    await client.connect();
  }
  const pseudonym = pseudonymizer(salt);
  let finished = false;
  try {
    // JIT compiles for ~0.2 s per query and gains nothing on this plan.
    await client.query("SET jit = off");
    // Prompt labels cost a hash of every prompt: only when a labeller has run.
    const labels =
      convMetadata &&
      (await client.query("SELECT EXISTS (SELECT 1 FROM prompt_labels) AS any")).rows[0].any === true;
    // Per-criterion votes cost an index probe a vote: only once any exist.
    const explained = convMetadata || explanations;
    const criteria =
      explained &&
      (await client.query("SELECT EXISTS (SELECT 1 FROM vote_criteria) AS any")).rows[0].any === true;
    // Small batches: little is alive when V8 collects its young generation. At a
    // 1M-vote dump, 150 votes cost Node 13.4 µs a vote, 250 cost 15.6 and 50 cost
    // 18.2 (per-batch work).
    const size = Math.max(1, Math.floor(batchSize));
    let frequent: FrequentBattles = null;
    if (dedup) {
      // Two statements, one snapshot: the prompt counts describe exactly the rows dumped.
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const { rows } = await client.query<{ battle_id: string; sampled: boolean }>(
        DEDUP_SQL,
        filterParams(filters),
      );
      frequent = new Map(rows.map((r) => [r.battle_id, r.sampled]));
    }
    for await (const rows of streamRows<Row>(
      client,
      exportSql({ convMetadata, sessions, labels, criteria, explanations: explained }),
      filterParams(filters),
      size,
    )) {
      yield rows.map((r) => toExportVote(r, pseudonym, sessions, frequent));
    }
    if (dedup) await client.query("COMMIT");
    finished = true;
  } finally {
    if (finished) {
      await client.end().catch(() => {});
    } else {
      // Cancelled or failed mid-stream: a polite end would wait for Postgres to send
      // every remaining row first. Dropping the socket makes its next send() fail,
      // which ends the query.
      socketOf(client).destroy();
      await client.end().catch(() => {});
    }
  }
}
