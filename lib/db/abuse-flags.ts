import "server-only";
import type { Signal } from "@/lib/abuse/types";
import { db } from "./client";

export interface AbuseFlagDto {
  id: string;
  voterId: string;
  detector: string;
  score: number;
  threshold: number;
  detail: unknown;
  status: "open" | "quarantined" | "dismissed";
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
}

/**
 * Stores detector findings below the auto-quarantine threshold as suggestions for a
 * maintainer. One open flag per voter and detector: a newer finding updates its score.
 * Voters already quarantined get no suggestion.
 */
export async function suggestQuarantine(input: {
  voterId: string;
  findings: { signal: Signal; threshold: number }[];
}): Promise<void> {
  for (const f of input.findings) {
    await db.$executeRaw`
      INSERT INTO abuse_flags (voter_id, detector, score, threshold, detail)
      SELECT ${input.voterId}::uuid, ${f.signal.detector}, ${f.signal.score}, ${f.threshold},
             ${JSON.stringify({ ...f.signal.detail, n: f.signal.n })}::jsonb
      FROM voters WHERE id = ${input.voterId}::uuid AND NOT quarantined
      ON CONFLICT (voter_id, detector) WHERE status = 'open'
      DO UPDATE SET score = EXCLUDED.score, threshold = EXCLUDED.threshold, detail = EXCLUDED.detail`;
  }
}

/** Flags by status (default: open ones), newest first. */
export async function listAbuseFlags({
  status = "open",
  limit = 100,
}: {
  status?: AbuseFlagDto["status"];
  limit?: number;
} = {}): Promise<AbuseFlagDto[]> {
  return db.abuseFlag.findMany({
    where: { status },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(limit, 1), 1000),
  });
}

/** A maintainer decides a suggestion is not abuse; false when it was not open. */
export async function dismissAbuseFlag({ id, actor }: { id: string; actor?: string }): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE abuse_flags SET status = 'dismissed', decided_at = now(), decided_by = ${actor ?? null}
    WHERE id = ${id}::uuid AND status = 'open'`;
  return n === 1;
}
