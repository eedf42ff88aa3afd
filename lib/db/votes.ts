import "server-only";
import type { RequestFacts } from "@/lib/abuse/request-facts";
import { type Outcome, outcomeFor, revealFor, type StoredSide, type VoteChoice } from "@/lib/arena/sides";
import type { RevealedModel, VoteResult } from "@/lib/arena/types";
import { exclusionReasonFor } from "@/lib/arena/vote-rules";
import { AppError } from "@/lib/errors";
import { type MessageToMeasure, measureBattle } from "@/lib/export/as-seen";
import { prepared } from "./client";
import { type LimitSpend, type SpentRow, spendParams, throwIfOverLimit } from "./rate-limits";

// A vote on a corpus battle is one statement, record_corpus_vote (migration
// 20261205900000): the deal measured what the voter sees, and those answers never change.
// Any other vote is two statements and no interactive transaction: a plain read of the battle and
// what the voter saw (measured here, in JavaScript), then record_vote (migration
// 20261204100000), which locks the battle, checks that nothing measured has changed
// since the read (a fingerprint of the battle's mode, sides, leak findings and every
// message) and writes the vote, its request facts, the battle's status and the messages'
// cl100k counts in one implicit transaction. No pooled connection is held between round
// trips, so many voters at once queue for single statements, not for transactions. Both
// are named prepared statements (lib/db/client.ts prepared).

export interface RecordVoteInput {
  battleId: string;
  voterId: string;
  choice: VoteChoice;
  timeToVoteMs?: number;
  reasons?: string[];
  rationale?: string;
  /** The request's keyed address and user-agent hashes, stored with the vote (null when not known). */
  facts?: RequestFacts;
  /** Rate-limit points the vote's statement spends first (lib/db/rate-limits.ts limitSpendFor). */
  limit?: LimitSpend | null;
}

interface BattleToVote {
  voterId: string;
  voterQuarantined: boolean;
  status: "pending" | "ready" | "errored" | "voted";
  mode: "anonymous" | "named" | "corpus";
  shownLeft: StoredSide;
  leakFlags: unknown;
  parentBattleId: string | null;
  modelA: RevealedModel;
  modelB: RevealedModel;
  messages: MessageToMeasure[] | null;
  vote: StoredVote | null;
  fingerprint: string;
}

interface StoredVote {
  outcome: Outcome;
  countsForPublic: boolean;
  exclusionReason: string | null;
}

type RecordStatus =
  | "ok"
  | "already_voted"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "changed"
  | "rate_limited";

/** A regeneration that completes between our read and our lock, again and again, is given up on. */
const MAX_ATTEMPTS = 3;

/**
 * Deadlock victims run again, after a short random pause so that the quarantine that won
 * can finish; several quarantines at once (a crowd of fast voters flagged together) can
 * pick the same vote more than once.
 */
const MAX_DEADLOCK_RETRIES = 6;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Postgres aborted the statement to break a deadlock (40P01) or a serialization conflict
 * (40001); record_vote is one statement, so nothing of it was kept and it can run again.
 * (A quarantine rewrites many votes and so many aggregate rows, in no particular order;
 * a vote's trigger updates a few of the same rows.)
 */
const isRetryable = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "40P01" || code === "40001";
};

/** The statement's rows, or null when it lost a deadlock and may run again (one statement: nothing was kept). */
function unlessDeadlocked<R>(deadlocks: number, run: () => Promise<R>): Promise<R | null> {
  return run().catch((error) => {
    if (isRetryable(error) && deadlocks < MAX_DEADLOCK_RETRIES) return null;
    throw error;
  });
}

/** The request's facts as a vote stores them: keyed address, user agent, agent class. */
const factValues = (facts: RequestFacts | undefined) => [
  facts?.ipHash ?? null,
  facts?.uaHash ?? null,
  facts?.uaClass ?? null,
];

/** The refusals both vote statements report, as the AppErrors the routes answer with. */
function throwIfRefused(status: string): void {
  if (status === "not_found") throw NOT_FOUND();
  if (status === "forbidden") throw FORBIDDEN();
  if (status === "conflict") throw INCOMPLETE();
}

const NOT_FOUND = () => new AppError("not_found", "No battle with this id.");
const FORBIDDEN = () => new AppError("forbidden", "This battle was dealt to another voter.");
const INCOMPLETE = () =>
  new AppError("conflict", "This battle cannot be voted on: its responses are not complete.");

/**
 * Records the one vote a battle can have. The unique index on votes.battle_id decides
 * races (INSERT … ON CONFLICT DO NOTHING under the battle's row lock), not a
 * read-then-write; the statement has committed before this returns, so an acknowledged
 * vote is durable. Callers go through castVote (lib/votes/cast.ts), which also refreshes
 * the leaderboard.
 */
export async function recordVote(input: RecordVoteInput): Promise<VoteResult> {
  return (await recordCorpusVote(input)) ?? recordVoteMeasured(input);
}

/**
 * A corpus battle measured at its deal: the vote in one statement, no read before it
 * (record_corpus_vote, migrations 20261205900000 and 20261206900000), which spends
 * `input.limit` first. null for any other battle (the points are spent by then).
 */
async function recordCorpusVote(input: RecordVoteInput): Promise<VoteResult | null> {
  const limit = input.limit ?? null;
  for (let deadlocks = 0; ; deadlocks++) {
    const rows = await unlessDeadlocked(deadlocks, () =>
      prepared<{ status: RecordStatus | "general"; spent: SpentRow[] } & Partial<StoredVote & CorpusReveal>>(
        "record_corpus_vote_limited",
        `SELECT status, outcome::text AS outcome, counts_for_public AS "countsForPublic",
              exclusion_reason AS "exclusionReason", shown_left AS "shownLeft",
              model_a AS "modelA", model_b AS "modelB", spent
       FROM record_corpus_vote($1::text[], $2::bigint[], $4::int[], $3::bigint, $5::uuid, $6::uuid, $7::"Outcome",
                               $8::"Outcome", $9, $10::text[], $11, $12::int, $13::text, $14::text, $15::text)`,
        [
          // keys, expires, now ($1-$3, as every spend takes them), then each key's allowance ($4).
          ...spendParams(limit),
          limit?.points ?? [],
          input.battleId,
          input.voterId,
          outcomeFor(input.choice, "a"),
          outcomeFor(input.choice, "b"),
          QUARANTINED_CORPUS_VOTE,
          input.reasons ?? [],
          input.rationale ?? null,
          input.timeToVoteMs ?? null,
          ...factValues(input.facts),
        ],
      ),
    );
    if (rows === null) {
      await pause(10 + Math.random() * 40 * (deadlocks + 1));
      continue;
    }
    const [row] = rows;
    throwIfOverLimit(limit, row.spent);
    throwIfRefused(row.status);
    switch (row.status) {
      case "ok":
      case "already_voted":
        return { status: row.status, reveal: revealFor(row as StoredVote & CorpusReveal) };
      case "general":
        return null;
      default:
        throw new Error(`record_corpus_vote answered ${row.status}`);
    }
  }
}

/** The rules' reason for a quarantined voter's vote on a corpus battle (the only rule that can apply). */
const QUARANTINED_CORPUS_VOTE = exclusionReasonFor({
  mode: "corpus",
  leakCount: 0,
  parentBattleId: null,
  voterQuarantined: true,
});

type CorpusReveal = { shownLeft: StoredSide; modelA: RevealedModel; modelB: RevealedModel };

/** Any battle: read it and measure what the voter saw, then record_vote checks nothing changed. */
async function recordVoteMeasured(input: RecordVoteInput): Promise<VoteResult> {
  let deadlocks = 0;
  for (let attempt = 1; ; attempt++) {
    const battle = await readBattleToVote(input.battleId);
    if (!battle) throw NOT_FOUND();
    if (battle.voterId !== input.voterId) throw FORBIDDEN();
    if (battle.vote) return { status: "already_voted", reveal: revealFor({ ...battle, ...battle.vote }) };
    if (battle.status === "errored" || battle.status === "pending") throw INCOMPLETE();

    // A quarantine that starts after this read is applied by the votes_quarantine trigger
    // (under the voter's row lock); the reveal reports the row as stored.
    const exclusionReason = exclusionReasonFor({
      mode: battle.mode,
      leakCount: Array.isArray(battle.leakFlags) ? battle.leakFlags.length : 0,
      parentBattleId: battle.parentBattleId,
      voterQuarantined: battle.voterQuarantined,
    });
    const outcome = outcomeFor(input.choice, battle.shownLeft);
    const seen = measureBattle(battle.messages ?? [], battle.shownLeft);
    const rows = await unlessDeadlocked(deadlocks, () =>
      prepared<{ status: RecordStatus } & Partial<StoredVote>>(
        "record_vote",
        `SELECT status, outcome::text AS outcome, counts_for_public AS "countsForPublic",
              exclusion_reason AS "exclusionReason"
       FROM record_vote($1::uuid, $2::uuid, $3, $4::"Outcome", $5::text[], $6, $7::int, $8::text, $9::jsonb,
                        $10::json, $11::uuid[], $12::int[], $13::text, $14::text, $15::text)`,
        [
          input.battleId,
          input.voterId,
          battle.fingerprint,
          outcome,
          input.reasons ?? [],
          input.rationale ?? null,
          input.timeToVoteMs ?? null,
          exclusionReason,
          JSON.stringify(seen.style),
          seen.convMetadata,
          seen.numTokens.map(([id]) => id),
          seen.numTokens.map(([, n]) => n),
          ...factValues(input.facts),
        ],
      ),
    );
    if (rows === null) {
      deadlocks++;
      attempt--; // a deadlock is not a change of the answers
      await pause(10 + Math.random() * 40 * deadlocks);
      continue;
    }
    const [row] = rows;
    throwIfRefused(row.status);
    switch (row.status) {
      case "ok":
      case "already_voted":
        return {
          status: row.status,
          reveal: revealFor({
            ...battle,
            outcome: row.outcome as Outcome,
            countsForPublic: row.countsForPublic as boolean,
            exclusionReason: row.exclusionReason ?? null,
          }),
        };
      case "changed":
        if (attempt >= MAX_ATTEMPTS)
          throw new AppError("conflict", "This battle's answers changed while you voted; please vote again.");
    }
  }
}

/** The battle, its models, every message, any vote and the fingerprint, in one read (no lock). */
async function readBattleToVote(battleId: string): Promise<BattleToVote | null> {
  const [battle] = await prepared<BattleToVote>(
    "read_battle_to_vote",
    `SELECT b.voter_id::text AS "voterId", vr.quarantined AS "voterQuarantined",
            b.status::text AS status, b.mode::text AS mode,
            b.shown_left::text AS "shownLeft", b.leak_flags AS "leakFlags",
            b.parent_battle_id::text AS "parentBattleId",
            json_build_object('slug', ma.slug, 'displayName', ma.display_name, 'organization', ma.organization)
              AS "modelA",
            json_build_object('slug', mb.slug, 'displayName', mb.display_name, 'organization', mb.organization)
              AS "modelB",
            (SELECT json_agg(json_build_object('id', m.id, 'turn', m.turn, 'side', m.side, 'attempt', m.attempt,
                                               'content', m.content, 'tokens', m.tokens, 'numTokens', m.num_tokens))
             FROM messages m WHERE m.battle_id = b.id) AS messages,
            (SELECT json_build_object('outcome', v.outcome, 'countsForPublic', v.counts_for_public,
                                      'exclusionReason', v.exclusion_reason)
             FROM votes v WHERE v.battle_id = b.id) AS vote,
            battle_vote_fingerprint(b.id) AS fingerprint
     FROM battles b
     JOIN voters vr ON vr.id = b.voter_id
     JOIN models ma ON ma.id = b.model_a_id
     JOIN models mb ON mb.id = b.model_b_id
     WHERE b.id = $1::uuid`,
    [battleId],
  );
  return battle ?? null;
}
