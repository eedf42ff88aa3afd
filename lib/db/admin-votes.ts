import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./client";

export interface VoteFilters {
  model?: string;
  category?: string;
  /** "counted", "excluded", or an exact exclusion reason. */
  exclusion?: string;
  voterId?: string;
  from?: Date;
  to?: Date;
}

export interface AdminVoteRow {
  battleId: string;
  voterId: string;
  createdAt: Date;
  left: string;
  right: string;
  /** In screen terms: left, right, tie or both_bad. */
  choice: string;
  mode: string;
  categories: string[];
  countsForPublic: boolean;
  exclusionReason: string | null;
}

function where(f: VoteFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (f.model) parts.push(Prisma.sql`(ma.slug = ${f.model} OR mb.slug = ${f.model})`);
  if (f.category) parts.push(Prisma.sql`${f.category} = ANY(b.category_tags)`);
  if (f.exclusion === "counted") parts.push(Prisma.sql`v.counts_for_public`);
  else if (f.exclusion === "excluded") parts.push(Prisma.sql`NOT v.counts_for_public`);
  else if (f.exclusion) parts.push(Prisma.sql`v.exclusion_reason = ${f.exclusion}`);
  if (f.voterId) parts.push(Prisma.sql`v.voter_id = ${f.voterId}::uuid`);
  if (f.from) parts.push(Prisma.sql`v.created_at >= ${f.from}`);
  if (f.to) parts.push(Prisma.sql`v.created_at < ${f.to}`);
  return Prisma.join(parts, " AND ");
}

/** Newest first, `limit` per page; filters combine with AND. */
export async function searchVotes({
  filters,
  limit = 50,
  offset = 0,
}: {
  filters: VoteFilters;
  limit?: number;
  offset?: number;
}): Promise<{ rows: AdminVoteRow[]; total: number }> {
  const from = Prisma.sql`FROM votes v JOIN battles b ON b.id = v.battle_id
    JOIN models ma ON ma.id = b.model_a_id JOIN models mb ON mb.id = b.model_b_id
    WHERE ${where(filters)}`;
  const [rows, total] = await Promise.all([
    db.$queryRaw<AdminVoteRow[]>`
      SELECT b.id::text AS "battleId", v.voter_id::text AS "voterId", v.created_at AS "createdAt",
        CASE WHEN b.shown_left = 'a' THEN ma.slug ELSE mb.slug END AS "left",
        CASE WHEN b.shown_left = 'a' THEN mb.slug ELSE ma.slug END AS "right",
        CASE WHEN v.outcome IN ('tie', 'both_bad') THEN v.outcome::text
             WHEN v.outcome::text = b.shown_left::text THEN 'left' ELSE 'right' END AS "choice",
        b.mode::text AS mode, b.category_tags AS categories,
        v.counts_for_public AS "countsForPublic", v.exclusion_reason AS "exclusionReason"
      ${from} ORDER BY v.created_at DESC LIMIT ${limit} OFFSET ${offset}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${from}`,
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export interface BattleAsSeen {
  id: string;
  mode: string;
  status: string;
  createdAt: Date;
  voterId: string;
  left: string;
  right: string;
  leakFlags: unknown;
  /** Turns in order: the prompt, then the last attempt of each side as shown left/right. */
  turns: { turn: number; prompt: string; left: string | null; right: string | null }[];
  vote: { choice: string; countsForPublic: boolean; exclusionReason: string | null; createdAt: Date } | null;
}

/** One battle with sides as the voter saw them (left/right), models named (maintainers only). */
export async function getBattleAsSeen({ battleId }: { battleId: string }): Promise<BattleAsSeen | null> {
  const b = await db.battle.findUnique({
    where: { id: battleId },
    include: {
      modelA: { select: { slug: true } },
      modelB: { select: { slug: true } },
      messages: { orderBy: [{ turn: "asc" }, { attempt: "asc" }] },
      vote: true,
    },
  });
  if (!b) return null;
  const leftSide = b.shownLeft;
  const turns = new Map<number, BattleAsSeen["turns"][number]>();
  for (const m of b.messages) {
    const t = turns.get(m.turn) ?? { turn: m.turn, prompt: "", left: null, right: null };
    if (m.side === null) t.prompt = m.content;
    else if (m.side === leftSide) t.left = m.content || m.providerError;
    else t.right = m.content || m.providerError;
    turns.set(m.turn, t);
  }
  const choice = (o: string) => (o === "tie" || o === "both_bad" ? o : o === leftSide ? "left" : "right");
  return {
    id: b.id,
    mode: b.mode,
    status: b.status,
    createdAt: b.createdAt,
    voterId: b.voterId,
    left: leftSide === "a" ? b.modelA.slug : b.modelB.slug,
    right: leftSide === "a" ? b.modelB.slug : b.modelA.slug,
    leakFlags: b.leakFlags,
    turns: [...turns.values()],
    vote: b.vote
      ? {
          choice: choice(b.vote.outcome),
          countsForPublic: b.vote.countsForPublic,
          exclusionReason: b.vote.exclusionReason,
          createdAt: b.vote.createdAt,
        }
      : null,
  };
}

export interface VoterActivity {
  id: string;
  createdAt: Date;
  quarantined: boolean;
  quarantineReason: string | null;
  linkedAccount: string | null;
  battles: number;
  votes: number;
  counted: number;
  choices: { choice: string; n: number }[];
  perDay: { day: string; n: number }[];
}

export async function getVoterActivity({ voterId }: { voterId: string }): Promise<VoterActivity | null> {
  const v = await db.voter.findUnique({
    where: { id: voterId },
    select: {
      id: true,
      createdAt: true,
      quarantined: true,
      quarantineReason: true,
      user: { select: { email: true } },
      _count: { select: { battles: true, votes: true } },
    },
  });
  if (!v) return null;
  const [counted, choices, perDay] = await Promise.all([
    db.vote.count({ where: { voterId, countsForPublic: true } }),
    db.$queryRaw<{ choice: string; n: number }[]>`
      SELECT CASE WHEN v.outcome IN ('tie', 'both_bad') THEN v.outcome::text
                  WHEN v.outcome::text = b.shown_left::text THEN 'left' ELSE 'right' END AS choice,
             count(*)::int AS n
      FROM votes v JOIN battles b ON b.id = v.battle_id WHERE v.voter_id = ${voterId}::uuid GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ day: string; n: number }[]>`
      SELECT to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS day, count(*)::int AS n
      FROM votes WHERE voter_id = ${voterId}::uuid GROUP BY 1 ORDER BY 1 DESC LIMIT 30`,
  ]);
  return {
    id: v.id,
    createdAt: v.createdAt,
    quarantined: v.quarantined,
    quarantineReason: v.quarantineReason,
    linkedAccount: v.user?.email ?? null,
    battles: v._count.battles,
    votes: v._count.votes,
    counted,
    choices,
    perDay,
  };
}

/** Voters with the most votes (quarantined ones first), for the voters page. */
export async function listTopVoters({ limit = 50 }: { limit?: number } = {}) {
  return db.$queryRaw<
    { id: string; votes: number; counted: number; quarantined: boolean; quarantineReason: string | null }[]
  >`
    SELECT vr.id::text AS id, count(v.id)::int AS votes, count(v.id) FILTER (WHERE v.counts_for_public)::int AS counted,
           vr.quarantined, vr.quarantine_reason AS "quarantineReason"
    FROM voters vr LEFT JOIN votes v ON v.voter_id = vr.id
    GROUP BY vr.id ORDER BY vr.quarantined DESC, count(v.id) DESC LIMIT ${limit}`;
}

/** Excluded votes per reason (and the counted total), for the votes page and stats. */
export async function countVotesByReason(): Promise<{ reason: string; n: number }[]> {
  return db.$queryRaw<{ reason: string; n: number }[]>`
    SELECT coalesce(exclusion_reason, 'counted') AS reason, count(*)::int AS n
    FROM votes GROUP BY 1 ORDER BY 2 DESC`;
}
