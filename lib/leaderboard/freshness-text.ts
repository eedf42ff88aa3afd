// How the board's freshness is worded and serialised; pure, shared by the page and the API.

export interface FreshnessDto {
  /** ISO time the last recompute finished, null before the first one. */
  updated_at: string | null;
  /** Votes cast since that recompute read the votes: not on the board yet. */
  votes_since: number;
  /** The oldest of them: the board is recomputed within max_wait_s of it. */
  oldest_uncounted_vote_at: string | null;
  max_wait_s: number;
}

export function freshnessDto(
  f: { updatedAt: Date | null; votesSince: number; firstUncountedAt: Date | null },
  maxWaitMs: number,
): FreshnessDto {
  return {
    updated_at: f.updatedAt?.toISOString() ?? null,
    votes_since: f.votesSince,
    oldest_uncounted_vote_at: f.firstUncountedAt?.toISOString() ?? null,
    max_wait_s: maxWaitMs / 1000,
  };
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
  dto: Pick<FreshnessDto, "updated_at" | "votes_since">,
  nowMs: number,
): string {
  const updated = dto.updated_at ? `updated ${ago(nowMs - Date.parse(dto.updated_at))}` : "not computed yet";
  const since = dto.votes_since === 1 ? "1 vote since" : `${dto.votes_since} votes since`;
  return `${updated} · ${since}`;
}
