import "server-only";
import { type QuarantineRequest, QuarantineRequest as QuarantineRequestSchema } from "@/lib/abuse/types";
import { AppError, describeZodError } from "@/lib/errors";
import { db } from "./client";

export type QuarantineResult =
  | { status: "quarantined"; quarantineId: string; votesExcluded: number }
  | { status: "already_quarantined"; quarantineId: string; votesExcluded: 0 };

export type ReleaseResult =
  | { status: "released"; quarantineId: string; votesRestored: number }
  | { status: "not_quarantined" };

/**
 * Quarantines a voter: every vote of theirs that counts publicly now stops counting
 * (the vote_aggregates trigger keeps the leaderboard's counts exact), with
 * `exclusion_reason = "voter quarantined: <reason>"` and a link to this quarantine so
 * releaseVoter can restore exactly these votes. Later votes are excluded by a trigger.
 * Idempotent: a voter already under quarantine keeps the first one.
 */
export async function quarantineVoter(input: QuarantineRequest): Promise<QuarantineResult> {
  const parsed = QuarantineRequestSchema.safeParse(input);
  if (!parsed.success) throw new AppError("bad_request", describeZodError(parsed.error));
  const q = parsed.data;
  return db.$transaction(async (tx) => {
    // Locks the voter row first: concurrent votes wait on it (see the votes_quarantine trigger).
    const voter = await tx.$queryRaw<{ id: string }[]>`
      UPDATE voters SET quarantined = true, quarantine_reason = ${q.reason}
      WHERE id = ${q.voterId}::uuid RETURNING id`;
    if (voter.length === 0) throw new AppError("not_found", "No voter with this id.");
    const created = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO voter_quarantines (voter_id, reason, source, actor, evidence)
      VALUES (${q.voterId}::uuid, ${q.reason}, ${q.source}::"QuarantineSource", ${q.actor ?? null},
              ${JSON.stringify(q.evidence ?? {})}::jsonb)
      ON CONFLICT (voter_id) WHERE released_at IS NULL DO NOTHING
      RETURNING id`;
    if (created.length === 0) {
      const active = await tx.voterQuarantine.findFirstOrThrow({
        where: { voterId: q.voterId, releasedAt: null },
        select: { id: true },
      });
      return { status: "already_quarantined", quarantineId: active.id, votesExcluded: 0 };
    }
    const quarantineId = created[0].id;
    const votesExcluded = await tx.$executeRaw`
      UPDATE votes SET counts_for_public = false,
                       exclusion_reason = ${`voter quarantined: ${q.reason}`},
                       quarantine_id = ${quarantineId}::uuid
      WHERE voter_id = ${q.voterId}::uuid AND counts_for_public`;
    await tx.$executeRaw`
      UPDATE abuse_flags SET status = 'quarantined', decided_at = now(), decided_by = ${q.actor ?? q.source}
      WHERE voter_id = ${q.voterId}::uuid AND status = 'open'`;
    return { status: "quarantined", quarantineId, votesExcluded };
  });
}

/**
 * Ends a voter's active quarantine and makes count again exactly the votes it excluded —
 * not votes excluded for another reason (a named battle, a leaked identity).
 */
export async function releaseVoter(input: {
  voterId: string;
  actor?: string;
  note?: string;
}): Promise<ReleaseResult> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`
      UPDATE voters SET quarantined = false, quarantine_reason = NULL WHERE id = ${input.voterId}::uuid`;
    const released = await tx.$queryRaw<{ id: string }[]>`
      UPDATE voter_quarantines SET released_at = now(), released_by = ${input.actor ?? null},
                                   release_note = ${input.note ?? null}
      WHERE voter_id = ${input.voterId}::uuid AND released_at IS NULL
      RETURNING id`;
    if (released.length === 0) return { status: "not_quarantined" };
    const quarantineId = released[0].id;
    const votesRestored = await tx.$executeRaw`
      UPDATE votes SET counts_for_public = true, exclusion_reason = NULL
      WHERE quarantine_id = ${quarantineId}::uuid AND NOT counts_for_public`;
    return { status: "released", quarantineId, votesRestored };
  });
}

export interface QuarantineDto {
  id: string;
  voterId: string;
  reason: string;
  source: "auto" | "maintainer";
  actor: string | null;
  evidence: unknown;
  createdAt: Date;
  releasedAt: Date | null;
  releasedBy: string | null;
  /** Votes this quarantine excluded (and, after release, restored). */
  votes: number;
}

/** Quarantines, newest first; `active` keeps only those not released. */
export async function listQuarantines({
  active,
  limit = 100,
}: {
  active?: boolean;
  limit?: number;
} = {}): Promise<QuarantineDto[]> {
  const rows = await db.voterQuarantine.findMany({
    where: active === undefined ? {} : active ? { releasedAt: null } : { releasedAt: { not: null } },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(limit, 1), 1000),
    include: { _count: { select: { votes: true } } },
  });
  return rows.map(({ _count, releaseNote: _note, ...r }) => ({ ...r, votes: _count.votes }));
}

/** The active quarantine of a voter, or null. */
export async function getActiveQuarantine({
  voterId,
}: {
  voterId: string;
}): Promise<{ id: string; reason: string; source: "auto" | "maintainer"; createdAt: Date } | null> {
  return db.voterQuarantine.findFirst({
    where: { voterId, releasedAt: null },
    select: { id: true, reason: true, source: true, createdAt: true },
  });
}
