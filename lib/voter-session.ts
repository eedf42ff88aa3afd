import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import { newVoterToken, verifyVoterToken } from "@/lib/arena/voter-token";
import { arenaSecret } from "@/lib/env";
import { AppError } from "@/lib/errors";

export const VOTER_COOKIE = "arena_voter";
const ONE_YEAR_S = 60 * 60 * 24 * 365;

/** The signed anonymous voter id from the cookie, or null (read-only: usable in pages). */
export async function readVoterId(): Promise<string | null> {
  const jar = await cookies();
  return verifyVoterToken(jar.get(VOTER_COOKIE)?.value, arenaSecret());
}

/** The voter id, issuing a fresh signed cookie when there is none (actions and route handlers only). */
export async function getOrCreateVoterId(): Promise<string> {
  const existing = await readVoterId();
  if (existing) return existing;
  const { id, token } = newVoterToken(arenaSecret());
  const jar = await cookies();
  jar.set(VOTER_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.ARENA_COOKIE_SECURE === "true",
    path: "/",
    maxAge: ONE_YEAR_S,
  });
  return id;
}

const BattleId = z.uuid();

/**
 * The ids every battle route handler needs: the battle from the path (404 unless it is
 * a UUID) and the signed voter from the cookie (403 without one).
 */
export async function battleRouteIds(
  params: Promise<{ id: string }>,
): Promise<{ battleId: string; voterId: string }> {
  const { id } = await params;
  if (!BattleId.safeParse(id).success) throw new AppError("not_found", "No battle with this id.");
  const voterId = await readVoterId();
  if (!voterId) throw new AppError("forbidden", "No voter cookie: this battle was not dealt to you.");
  return { battleId: id, voterId };
}
