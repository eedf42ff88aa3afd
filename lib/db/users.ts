import "server-only";
import type { Role } from "@/lib/generated/prisma/enums";
import { hashPassword, verifyPassword } from "@/lib/passwords";
import { db } from "./client";

export type { Role };

const RANK: Record<Role, number> = { voter: 0, maintainer: 1, admin: 2 };

export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** The user a password sign-in is for, or null when the email or password is wrong. */
export async function checkPasswordSignIn({
  email,
  password,
}: {
  email: string;
  password: string;
}): Promise<{ id: string; email: string; name: string | null } | null> {
  const user = await db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const ok = await verifyPassword(password, user?.passwordHash);
  return ok && user?.passwordHash && user.email ? { id: user.id, email: user.email, name: user.name } : null;
}

/** What a session re-checks on every request: the role now and the session version. */
export async function getUserAuthState({
  id,
}: {
  id: string;
}): Promise<{ role: Role; sessionVersion: number; email: string | null } | null> {
  return db.user.findUnique({ where: { id }, select: { role: true, sessionVersion: true, email: true } });
}

/**
 * Creates or updates the bootstrap admin from env: role admin, password stored only as
 * a bcrypt hash (re-hashed only when the configured password changed).
 */
export async function bootstrapAdmin({
  email,
  password,
}: {
  email: string;
  password: string;
}): Promise<"created" | "updated" | "unchanged"> {
  const normalised = email.toLowerCase();
  const existing = await db.user.findUnique({
    where: { email: normalised },
    select: { id: true, role: true, passwordHash: true },
  });
  if (!existing) {
    await db.user.create({
      data: { email: normalised, name: "Admin", role: "admin", passwordHash: await hashPassword(password) },
    });
    return "created";
  }
  const samePassword = await verifyPassword(password, existing.passwordHash);
  if (samePassword && existing.role === "admin") return "unchanged";
  await db.user.update({
    where: { id: existing.id },
    data: {
      role: "admin",
      ...(samePassword ? {} : { passwordHash: await hashPassword(password) }),
    },
  });
  return "updated";
}

/** Links a guest voter id to an account (first account wins); its votes stay where they are. */
export async function linkVoterToUser({
  voterId,
  userId,
}: {
  voterId: string;
  userId: string;
}): Promise<void> {
  await db.$executeRaw`
    INSERT INTO voters (id, user_id) VALUES (${voterId}::uuid, ${userId}::uuid)
    ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id WHERE voters.user_id IS NULL`;
}

export interface UserRow {
  id: string;
  email: string | null;
  name: string | null;
  role: Role;
  providers: string[];
  hasPassword: boolean;
  voters: number;
  createdAt: Date;
}

export async function listUsers({ query }: { query?: string } = {}): Promise<UserRow[]> {
  const rows = await db.user.findMany({
    where: query ? { email: { contains: query, mode: "insensitive" } } : undefined,
    orderBy: { createdAt: "asc" },
    take: 200,
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      passwordHash: true,
      createdAt: true,
      accounts: { select: { provider: true } },
      _count: { select: { voters: true } },
    },
  });
  return rows.map(({ passwordHash, accounts, _count, ...u }) => ({
    ...u,
    hasPassword: Boolean(passwordHash),
    providers: accounts.map((a) => a.provider),
    voters: _count.voters,
  }));
}

/** Sets a role and ends that user's sessions, so the change applies at once everywhere. */
export async function setUserRole({ userId, role }: { userId: string; role: Role }): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId },
    data: { role, sessionVersion: { increment: 1 } },
  });
  return count === 1;
}

export async function revokeUserSessions({ userId }: { userId: string }): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
  });
  return count === 1;
}

export async function countAdmins(): Promise<number> {
  return db.user.count({ where: { role: "admin" } });
}
