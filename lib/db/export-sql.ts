import "server-only";
import type { ExportFilters } from "@/lib/export/types";

/** The filter clause shared by the dump and the counts; $1…$7 as in filterParams. */
export const FILTER_SQL = `
  ($1::timestamptz IS NULL OR v.created_at >= $1::timestamptz)
  AND ($2::timestamptz IS NULL OR v.created_at < $2::timestamptz)
  AND ($3::boolean OR v.counts_for_public)
  AND (NOT $4::boolean OR b.mode <> 'named')
  AND ($5::text IS NULL OR b.category_tags @> ARRAY[$5::text])
  AND ($6::text[] IS NULL OR CASE WHEN $7::text = 'either'
        THEN ma.slug = ANY($6::text[]) OR mb.slug = ANY($6::text[])
        ELSE ma.slug = ANY($6::text[]) AND mb.slug = ANY($6::text[]) END)`;

export const FILTER_JOINS = `
  JOIN battles b ON b.id = v.battle_id
  JOIN models ma ON ma.id = b.model_a_id
  JOIN models mb ON mb.id = b.model_b_id`;

export function filterParams(f: ExportFilters, includeExcluded = f.includeExcluded): unknown[] {
  return [f.from, f.to, includeExcluded, f.anonymousOnly, f.category, f.models, f.modelsMatch];
}

// Votes after `to` cannot change the order of earlier ones, so the window skips them.
// Only narrow rows go through the sort; each vote's first-turn messages (the latest
// attempt of each, by the unique (battle, turn, side, attempt) index) are then looked
// up in that order, so nothing wide is ever sorted or spilled, and the common
// single-turn vote arrives as one row (the driver's cost is per row, not per byte).
// Later turns are rare and arrive as one JSON array (null for a single-turn vote).
// The ORDER BY names `side` so that the user's message (side IS NULL, which the
// planner does not treat as an equality) is also read backwards off the index
// instead of sorted per vote.
const latest = (alias: string, side: string) => `
  LEFT JOIN LATERAL (
    SELECT m.content, m.num_tokens AS tokens FROM messages m
    WHERE m.battle_id = o.battle_id AND m.turn = 0 AND m.side ${side}
    ORDER BY m.side DESC NULLS FIRST, m.attempt DESC LIMIT 1
  ) ${alias} ON true`;

/** Session gap: a voter's next vote after this long starts a new session. */
export const SESSION_GAP_MINUTES = 30;

// `evaluation_order` without sessions: the vote's rank among all its voter's votes.
const LIFETIME_CTE = `ranked AS (
    SELECT v.id, v.ctid AS row_ctid, v.battle_id, v.voter_id, v.outcome, v.created_at, v.counts_for_public, v.exclusion_reason,
           row_number() OVER (PARTITION BY v.voter_id ORDER BY v.created_at, v.id)::int AS evaluation_order,
           0 AS session_start
    FROM votes v
    WHERE $2::timestamptz IS NULL OR v.created_at < $2::timestamptz
  )`;

// Sessions as lmarena's 140k set means them: a voter's votes with no gap longer than
// SESSION_GAP_MINUTES between one and the next. A session is named by the lifetime
// rank of its first vote (stable: later votes never renumber earlier ones), and
// evaluation_order is the vote's place within it. Every window has the same partition
// and order, so Postgres sorts once.
const SESSIONS_CTE = `gaps AS (
    SELECT v.id, v.ctid AS row_ctid, v.battle_id, v.voter_id, v.outcome, v.created_at, v.counts_for_public, v.exclusion_reason,
           row_number() OVER w AS lifetime,
           coalesce(v.created_at - lag(v.created_at) OVER w > interval '${SESSION_GAP_MINUTES} minutes', true) AS starts
    FROM votes v
    WHERE $2::timestamptz IS NULL OR v.created_at < $2::timestamptz
    WINDOW w AS (PARTITION BY v.voter_id ORDER BY v.created_at, v.id)
  ), ranked AS (
    SELECT g.id, g.row_ctid, g.battle_id, g.voter_id, g.outcome, g.created_at, g.counts_for_public, g.exclusion_reason,
           (g.lifetime - g.start + 1)::int AS evaluation_order, g.start::int AS session_start
    FROM (SELECT g.*, max(CASE WHEN g.starts THEN g.lifetime END)
                        OVER (PARTITION BY g.voter_id ORDER BY g.created_at, g.id) AS start
          FROM gaps g) g
  )`;

/** The voter's reason chips and one-line why, as JSON text, or null when they gave none. */
const EXPLANATION =
  "(SELECT CASE WHEN cardinality(cv.reasons) > 0 OR cv.rationale IS NOT NULL THEN json_build_object('reasons', cv.reasons, 'rationale', cv.rationale)::text END FROM votes cv WHERE cv.ctid = o.row_ctid)";
/** The same with the per-criterion answers ({criterion: a | b | tie}, stored sides). */
const EXPLANATION_WITH_CRITERIA = `(SELECT CASE WHEN cardinality(cv.reasons) > 0 OR cv.rationale IS NOT NULL OR c.criteria IS NOT NULL
     THEN json_build_object('reasons', cv.reasons, 'rationale', cv.rationale, 'criteria', c.criteria)::text END
   FROM votes cv, LATERAL (SELECT json_object_agg(vc.criterion, vc.outcome ORDER BY vc.criterion) AS criteria
                           FROM vote_criteria vc WHERE vc.vote_id = o.id) c
   WHERE cv.ctid = o.row_ctid)`;

/**
 * The dump's query. The sorts carry only narrow columns: the stored conv_metadata
 * (about 450 bytes a vote) is fetched after them, and only for a format that prints
 * it (`convMetadata`). It is fetched by the row's ctid (a direct heap read; the
 * primary key's index cost 2 µs a vote more): within the export's one snapshot a row
 * version it can see stays where it is, as vacuum cannot remove it.
 */
export function exportSql({
  convMetadata,
  sessions,
  labels = false,
  criteria = false,
  explanations = convMetadata,
}: {
  convMetadata: boolean;
  sessions: boolean;
  /** Per-criterion votes exist (vote_criteria): one index probe a vote, so only then. */
  criteria?: boolean;
  /** The voter's explanation; every format that prints conv_metadata prints it (the default). */
  explanations?: boolean;
  /** The LLM labeller's labels of the battle's prompt (prompt_labels), as one JSON object. */
  labels?: boolean;
}): string {
  return `
  WITH ${sessions ? SESSIONS_CTE : LIFETIME_CTE}
  SELECT o.battle_id::text AS battle_id, o.battle_number, o.voter_id::text AS voter_id, o.outcome, o.voted_ms,
         o.counts_for_public, o.exclusion_reason, o.evaluation_order, o.session_start, o.mode, o.shown_left,
         o.category_tags, o.model_a, o.model_b,
         ${convMetadata ? "(SELECT cv.conv_metadata::text FROM votes cv WHERE cv.ctid = o.row_ctid)" : "NULL::text"} AS conv_metadata,
         ${!explanations ? "NULL::text" : criteria ? EXPLANATION_WITH_CRITERIA : EXPLANATION} AS explanation,
         ${labels ? "(SELECT json_object_agg(p.category, p.result ORDER BY p.category)::text FROM prompt_labels p WHERE p.prompt_sha256 = encode(sha256(convert_to(u.content, 'UTF8')), 'hex'))" : "NULL::text"} AS prompt_labels,
         u.content AS user_content, u.tokens AS user_tokens, ma0.content AS a_content, ma0.tokens AS a_tokens,
         mb0.content AS b_content, mb0.tokens AS b_tokens,
         (SELECT json_agg(json_build_object('turn', x.turn, 'side', x.side, 'attempt', x.attempt,
                                            'content', x.content, 'tokens', x.num_tokens))
          FROM messages x WHERE x.battle_id = o.battle_id AND x.turn > 0) AS later_turns
  FROM (
    SELECT v.id, v.row_ctid, v.battle_id, v.voter_id, v.outcome::text AS outcome, v.created_at,
           (extract(epoch FROM v.created_at) * 1000)::float8 AS voted_ms,
           v.counts_for_public, v.exclusion_reason, v.evaluation_order, v.session_start,
           b.number::float8 AS battle_number, b.mode::text AS mode, b.shown_left::text AS shown_left, to_json(b.category_tags) AS category_tags,
           ma.slug AS model_a, mb.slug AS model_b
    FROM ranked v ${FILTER_JOINS}
    WHERE ${FILTER_SQL}
    ORDER BY v.created_at, v.id
  ) o
  ${latest("u", "IS NULL")}
  ${latest("ma0", "= 'a'")}
  ${latest("mb0", "= 'b'")}
  ORDER BY o.created_at, o.id`;
}

/** FastChat's deduplication.py: the quantile of per-prompt counts above which a prompt is frequent. */
export const DEDUP_PERCENTILE = 0.9999;
/** It keys a battle by its user turns, each followed by a newline, cut to this many characters. */
export const DEDUP_KEY_CHARS = 10_000;

/**
 * The dump's high-frequency battles, for FastChat's dedup_tag: over the same rows as
 * the dump (same filters), a battle's key is its user turns (the latest attempt of
 * each, "\n" after each, the first DEDUP_KEY_CHARS characters); prompts counted more
 * often than the DEDUP_PERCENTILE quantile of per-prompt counts (linear interpolation,
 * as pandas' quantile) are frequent, and `floor(cutoff)` battles of each are sampled —
 * chosen by the md5 of the battle id, a deterministic stand-in for pandas' seeded draw.
 * Only frequent battles come back; every other battle is {high_freq: false, sampled: true}.
 */
export const DEDUP_SQL = `
  WITH keyed AS (
    SELECT v.battle_id,
           left((SELECT string_agg(u.content || E'\\n', '' ORDER BY u.turn) FROM (
                   SELECT DISTINCT ON (m.turn) m.turn, m.content FROM messages m
                   WHERE m.battle_id = v.battle_id AND m.side IS NULL
                   ORDER BY m.turn, m.attempt DESC) u), ${DEDUP_KEY_CHARS}) AS key
    FROM votes v ${FILTER_JOINS}
    WHERE ${FILTER_SQL}
  ), counts AS (
    SELECT key, count(*) AS n FROM keyed GROUP BY key
  ), cut AS (
    SELECT percentile_cont(${DEDUP_PERCENTILE}) WITHIN GROUP (ORDER BY n) AS cutoff FROM counts
  )
  SELECT f.battle_id::text AS battle_id, f.rank <= floor(cut.cutoff) AS sampled
  FROM (SELECT k.battle_id, row_number() OVER (PARTITION BY k.key ORDER BY md5(k.battle_id::text), k.battle_id) AS rank
        FROM keyed k JOIN counts c ON c.key = k.key, cut
        WHERE c.n > cut.cutoff) f, cut`;
