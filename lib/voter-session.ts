import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import { voterCookie, voterCookieNames } from "@/lib/arena/voter-cookie";
import { newVoterToken, verifyVoterToken } from "@/lib/arena/voter-token";
import { arenaSecret } from "@/lib/env";
import { AppError } from "@/lib/errors";

const secureCookie = () => process.env.ARENA_COOKIE_SECURE === "true";

/** The signed anonymous voter id from the cookie, or null (read-only: usable in pages). */
export async function readVoterId(): Promise<string | null> {
  const jar = await cookies();
  return voterIdFromCookies((name) => jar.get(name)?.value);
}

/** The signed voter id among a request's cookies (by name), or null. */
export function voterIdFromCookies(cookie: (name: string) => string | undefined): string | null {
  for (const name of voterCookieNames(secureCookie())) {
    const id = verifyVoterToken(cookie(name), arenaSecret());
    if (id) return id;
  }
  return null;
}

/** A new voter: its id and the Set-Cookie header value that carries its signed token. */
export function newVoterSetCookie(): { id: string; setCookie: string } {
  const { id, token } = newVoterToken(arenaSecret());
  const { name, options } = voterCookie(secureCookie());
  const attrs = [
    `${name}=${encodeURIComponent(token)}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (options.secure) attrs.push("Secure");
  return { id, setCookie: attrs.join("; ") };
}

/** The voter id, issuing a fresh signed cookie when there is none (actions and route handlers only). */
export async function getOrCreateVoterId(): Promise<string> {
  const existing = await readVoterId();
  if (existing) return existing;
  const { id, token } = newVoterToken(arenaSecret());
  const jar = await cookies();
  const cookie = voterCookie(secureCookie());
  jar.set(cookie.name, token, cookie.options);
  return id;
}

const BattleId = z.uuid();

/** 404 unless `id` is a UUID (the battle routes' path parameter). */
export function assertBattleId(id: string): void {
  if (!BattleId.safeParse(id).success) throw new AppError("not_found", "No battle with this id.");
}

/**
 * The ids every battle route handler needs: the battle from the path (404 unless it is
 * a UUID) and the signed voter from the cookie (403 without one).
 */
export async function battleRouteIds(
  params: Promise<{ id: string }>,
): Promise<{ battleId: string; voterId: string }> {
  const { id } = await params;
  assertBattleId(id);
  const voterId = await readVoterId();
  if (!voterId) throw new AppError("forbidden", "No voter cookie: this battle was not dealt to you.");
  return { battleId: id, voterId };
}
