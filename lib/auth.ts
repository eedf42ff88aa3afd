import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { forbidden } from "next/navigation";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { cache } from "react";
import { z } from "zod";
import { humanWait, RateLimitedError } from "@/lib/abuse/limits";
import { clientIp, keyedHash, PEER_HEADER } from "@/lib/abuse/request-facts";
import { authAdapter } from "@/lib/db/auth-adapter";
import { assertWithinLimit, consumeLimit, type LimitSubject } from "@/lib/db/rate-limits";
import {
  bootstrapAdmin,
  checkPasswordSignIn,
  getUserAuthState,
  linkVoterToUser,
  type Role,
  roleAtLeast,
} from "@/lib/db/users";
import { arenaSecret, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getOrCreateVoterId } from "@/lib/voter-session";

// The only file that imports next-auth (Auth.js is in maintenance mode: a move to
// another library changes this file). Password sign-in uses Auth.js's Credentials
// provider, which only works with JWT sessions; users and OAuth accounts still live in
// Postgres through the Prisma adapter. Each request re-reads the user's role and
// session version from the database, so a role change or "sign out everywhere"
// (users.session_version + 1) ends old tokens at once, and a token expires after
// ARENA_SESSION_MAX_AGE_S.

export type { Role };

/** Who is acting: a signed-in user, or the automation bearer token (acts as a maintainer). */
export interface Principal {
  userId: string | null;
  role: Role;
  label: string;
}

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

const PasswordInput = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1000),
});

/** Refused before the password is even compared: too many failed sign-ins lately. */
export class SignInThrottled extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly notice: string) {
    super(notice);
  }
}

/** The failed-sign-in counters this attempt falls under: its account and its address. */
function signInSubject(email: string, request: Request | undefined): LimitSubject {
  const headers = request?.headers;
  const ip = clientIp(
    { forwardedFor: headers?.get("x-forwarded-for") ?? null, peer: headers?.get(PEER_HEADER) ?? null },
    env().ARENA_TRUST_PROXY_HOPS,
  );
  return {
    voterId: createHmac("sha256", arenaSecret())
      .update(`signin\0${email.toLowerCase()}`)
      .digest("hex")
      .slice(0, 32),
    ipHash: ip === null ? null : keyedHash(arenaSecret(), "ip", ip),
  };
}

async function throttled(check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    throw new SignInThrottled(
      `Too many failed sign-ins for this account or from this address. Try again ${humanWait(error.retryAfterMs)}.`,
    );
  }
}

async function authorizePassword(raw: unknown, request?: Request) {
  const parsed = PasswordInput.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  // Only failures count; once an account or an address is over the limit, even the right
  // password is refused (and bcrypt is not run) until the window passes.
  const subject = signInSubject(email, request);
  await throttled(() => assertWithinLimit("signin", subject));
  // A deployment that sets the env pair under plain `next start` gets its admin on first sign-in.
  const admin = env();
  if (
    admin.ARENA_ADMIN_EMAIL &&
    admin.ARENA_ADMIN_PASSWORD &&
    email.toLowerCase() === admin.ARENA_ADMIN_EMAIL
  ) {
    await bootstrapAdmin({ email: admin.ARENA_ADMIN_EMAIL, password: admin.ARENA_ADMIN_PASSWORD });
  }
  const user = await checkPasswordSignIn({ email, password });
  if (!user) {
    await throttled(() => consumeLimit("signin", subject));
    throw new CredentialsSignin("Wrong email or password.");
  }
  return user;
}

/** OAuth providers present only when their env vars are (AUTH_GITHUB_ID/SECRET, AUTH_GOOGLE_ID/SECRET). */
export function oauthProviders(): { id: "github" | "google"; name: string }[] {
  const on: { id: "github" | "google"; name: string }[] = [];
  if (process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET) on.push({ id: "github", name: "GitHub" });
  if (process.env.AUTH_GOOGLE_ID && process.env.AUTH_GOOGLE_SECRET) on.push({ id: "google", name: "Google" });
  return on;
}

function config(): NextAuthConfig {
  const oauth = oauthProviders().map((p) => (p.id === "github" ? GitHub : Google));
  return {
    adapter: authAdapter(),
    session: { strategy: "jwt", maxAge: env().ARENA_SESSION_MAX_AGE_S },
    // AUTH_SECRET when set; otherwise derived from ARENA_SECRET so a self-hoster has one secret fewer.
    secret:
      process.env.AUTH_SECRET || createHmac("sha256", arenaSecret()).update("authjs").digest("base64url"),
    // We serve behind `next start -H 127.0.0.1` or a proxy the operator controls.
    trustHost: true,
    pages: { signIn: "/signin", error: "/signin" },
    // A refused password or an expired/forged session cookie is an expected outcome, not a
    // server error: one line, no stack.
    logger: {
      error(error) {
        if (error instanceof CredentialsSignin)
          console.warn(`[auth] password sign-in refused (${error.code})`);
        else if (error.name === "JWTSessionError") console.warn("[auth] unreadable session cookie ignored");
        else console.error(error);
      },
    },
    providers: [
      Credentials({
        id: "password",
        credentials: { email: {}, password: {} },
        authorize: authorizePassword,
      }),
      ...oauth,
    ],
    callbacks: {
      async jwt({ token, user }) {
        const uid = user?.id ?? (typeof token.uid === "string" ? token.uid : null);
        if (!uid) return null;
        const state = await getUserAuthState({ id: uid });
        if (!state) return null;
        if (user?.id) token.sv = state.sessionVersion;
        else if (token.sv !== state.sessionVersion) return null; // revoked
        token.uid = uid;
        token.role = state.role;
        return token;
      },
      session({ session, token }) {
        return {
          ...session,
          user: { ...session.user, id: String(token.uid), role: token.role as Role },
        };
      },
    },
    events: {
      // The guest identity this browser voted under joins the account; votes are not copied.
      async signIn({ user }) {
        if (user.id) await linkVoterToUser({ voterId: await getOrCreateVoterId(), userId: user.id });
      },
    },
  };
}

const nextAuth = NextAuth(() => config());
export const handlers = nextAuth.handlers;
export const signIn = nextAuth.signIn;
export const signOut = nextAuth.signOut;
export { CredentialsSignin };

/** The signed-in user (role as of now), once per request. */
export const getSession = cache(
  async (): Promise<{ userId: string; role: Role; email: string | null } | null> => {
    const session = await nextAuth.auth();
    const user = session?.user as { id?: string; role?: Role; email?: string | null } | undefined;
    if (!user?.id || !user.role) return null;
    return { userId: user.id, role: user.role, email: user.email ?? null };
  },
);

/** True when the browser sent a session cookie that no longer gives a session (expired or revoked). */
export async function hadExpiredSession(): Promise<boolean> {
  const jar = await cookies();
  return SESSION_COOKIES.some((n) => jar.has(n)) && !(await getSession());
}

/** For server actions and route handlers: 401 without a session, 403 below `min`. */
export async function requireRole(min: Role): Promise<Principal> {
  const session = await getSession();
  if (!session) throw new AppError("unauthorized", "Sign in first (or your session has expired).");
  if (!roleAtLeast(session.role, min)) throw new AppError("forbidden", `This needs the ${min} role.`);
  return { userId: session.userId, role: session.role, label: session.email ?? session.userId };
}

function isAutomationToken(request: Request): boolean {
  const expected = env().ARENA_ADMIN_TOKEN;
  const header = request.headers.get("authorization");
  if (!expected || !header?.startsWith("Bearer ")) return false;
  const a = Buffer.from(header.slice(7).trim());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Route handlers for automation: `Authorization: Bearer $ARENA_ADMIN_TOKEN` acts as a maintainer. */
export async function requireRoleOrToken(request: Request, min: Role): Promise<Principal> {
  if (min !== "admin" && isAutomationToken(request)) {
    return { userId: null, role: "maintainer", label: "automation token" };
  }
  return requireRole(min);
}

/** For pages: renders app/forbidden.tsx (HTTP 403) unless the session has `min`. */
export async function requirePageRole(min: Role): Promise<Principal> {
  try {
    return await requireRole(min);
  } catch (error) {
    if (error instanceof AppError) forbidden();
    throw error;
  }
}
