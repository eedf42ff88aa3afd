import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./client";

export interface AuditActor {
  /** null for the automation bearer token. */
  userId: string | null;
  label: string;
}

export async function recordAudit({
  actor,
  action,
  target,
  details = {},
}: {
  actor: AuditActor;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: actor.userId,
      actorLabel: actor.label,
      action,
      target: target ?? null,
      details: details as Prisma.InputJsonValue,
    },
  });
}

export interface AuditRow {
  id: string;
  actorLabel: string;
  action: string;
  target: string | null;
  details: unknown;
  createdAt: Date;
}

export async function listAudit({
  action,
  limit = 200,
}: {
  action?: string;
  limit?: number;
} = {}): Promise<AuditRow[]> {
  return db.auditEvent.findMany({
    where: action ? { action } : undefined,
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, actorLabel: true, action: true, target: true, details: true, createdAt: true },
  });
}
