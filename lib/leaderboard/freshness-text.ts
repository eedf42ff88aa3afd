// How the board's freshness is worded and serialised; pure, shared by the page and the API.

export interface FreshnessDto {
  /** ISO time the last recompute finished, null before the first one. */
  updated_at: string | null;
  /** Votes cast since that recompute read the votes: not on the board yet. */
  votes_since: number;
  /** The oldest of them: the board is recomputed within max_wait_s of it. */
  oldest_uncounted_vote_at: string | null;
  max_wait_s: number;
  /**
   * Only when a read replica is configured: how many seconds behind the primary it is
   * (0: caught up), or null when it does not answer and reads go to the primary.
   */
  replica_lag_s?: number | null;
}

export function freshnessDto(
  f: { updatedAt: Date | null; votesSince: number; firstUncountedAt: Date | null },
  maxWaitMs: number,
  replica: { lagS: number | null } | null = null,
): FreshnessDto {
  return {
    updated_at: f.updatedAt?.toISOString() ?? null,
    votes_since: f.votesSince,
    oldest_uncounted_vote_at: f.firstUncountedAt?.toISOString() ?? null,
    max_wait_s: maxWaitMs / 1000,
    ...(replica ? { replica_lag_s: replica.lagS } : {}),
  };
}

/**
 * "read from a replica, 4 s behind"; null without a replica (nothing to say). A replica
 * that does not answer is skipped: the reads came from the primary.
 */
export function describeReplicaLag(lagS: number | null | undefined): string | null {
  if (lagS === undefined) return null;
  if (lagS === null) return "read from the primary (the read replica is not answering)";
  if (lagS < 1) return "read from a replica, up to date";
  return `read from a replica, ${lagS < 10 ? lagS.toFixed(1) : Math.round(lagS)} s behind`;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min ago`;
  const h = Math.round(m / 60);
  return h < 36 ? `${h} h ago` : `${Math.round(h / 24)} days ago`;
}

/** "updated 12 s ago · 37 votes since" */
export function describeFreshness(
  dto: Pick<FreshnessDto, "updated_at" | "votes_since" | "replica_lag_s">,
  nowMs: number,
): string {
  const updated = dto.updated_at ? `updated ${ago(nowMs - Date.parse(dto.updated_at))}` : "not computed yet";
  const since = dto.votes_since === 1 ? "1 vote since" : `${dto.votes_since} votes since`;
  const replica = describeReplicaLag(dto.replica_lag_s);
  return replica ? `${updated} · ${since} · ${replica}` : `${updated} · ${since}`;
}
