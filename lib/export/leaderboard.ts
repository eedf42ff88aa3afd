import type { Snapshot } from "@/lib/ratings/snapshot";
import { CSV_EOL, csvRow } from "./csv";

// The public leaderboard API's bodies. Built only from the stored snapshot (never
// from live model metadata), so a snapshot id fully determines the bytes and can
// serve as the ETag.

export const SCALE_NOTE =
  "Bradley-Terry ratings on the Elo scale (400 points = 10:1 odds); each connected group of models has mean 1000.";

const KNOWN_KEYS = new Set([
  "version",
  "rows",
  "groups",
  "numVotes",
  "numExcluded",
  "excludedByReason",
  "ci",
  "rounds",
]);

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** snake_case keys at every depth (values untouched), to match the rest of the API. */
function snakeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), snakeKeys(x)]));
}

/** The result's fields beyond the ones named in the body, snake_cased, as the body's `fit`. */
function extraFields(s: Snapshot): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.result)) if (!KNOWN_KEYS.has(k)) extra[snake(k)] = snakeKeys(v);
  return extra;
}

export function leaderboardJson(s: Snapshot) {
  const p = s.result;
  return {
    category: s.category,
    kind: s.kind,
    scale: SCALE_NOTE,
    snapshot: {
      id: s.id,
      created_at: s.createdAt.toISOString(),
      vote_set_hash: s.voteSetHash,
      code_version: s.codeVersion,
      params: s.params,
      votes_counted: s.numVotes,
      votes_excluded: p.numExcluded,
      // Keys are the stored reasons as written ("voter quarantined: burst of votes"), not snake_cased.
      votes_excluded_by_reason: p.excludedByReason ?? null,
      ci_method: p.ci,
      bootstrap_rounds: p.rounds,
    },
    groups: p.groups,
    rows: p.rows.map((r) => ({
      rank_ub: r.rankUb,
      model: r.model,
      rating: r.rating,
      ci_lower: r.ciLower,
      ci_upper: r.ciUpper,
      num_battles: r.numBattles,
    })),
    fit: extraFields(s),
  };
}

export const LEADERBOARD_CSV_COLUMNS = [
  "rank_ub",
  "model",
  "rating",
  "ci_lower",
  "ci_upper",
  "num_battles",
  "category",
  "kind",
  "snapshot_id",
  "snapshot_created_at",
  "vote_set_hash",
  "code_version",
  "votes_counted",
  "votes_excluded",
  "ci_method",
  "params",
];

/** One row per model; the snapshot's metadata repeats on every row so any CSV reader keeps it. */
export function leaderboardCsv(s: Snapshot): string {
  const p = s.result;
  const meta = [
    s.category,
    s.kind,
    s.id,
    s.createdAt.toISOString(),
    s.voteSetHash,
    s.codeVersion,
    s.numVotes,
    p.numExcluded,
    p.ci,
    JSON.stringify(s.params),
  ];
  const lines = [csvRow(LEADERBOARD_CSV_COLUMNS)];
  for (const r of p.rows)
    lines.push(csvRow([r.rankUb, r.model, r.rating, r.ciLower, r.ciUpper, r.numBattles, ...meta]));
  return lines.join(CSV_EOL) + CSV_EOL;
}
