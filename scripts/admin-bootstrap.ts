// The first admin of `npm run arena`, apart from the launcher so a test can run it.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** A secret kept in `<root>/.data/<file>` (mode 0600), made on first use. */
export function persistedSecret(root: string, file: string, bytes: number): string {
  const p = path.join(root, ".data", file);
  if (existsSync(p)) {
    chmodSync(p, 0o600); // an older or hand-made copy may have been readable by others
    return readFileSync(p, "utf8").trim();
  }
  mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 });
  const value = randomBytes(bytes).toString("base64url");
  writeFileSync(p, `${value}\n`, { mode: 0o600 });
  return value;
}

export const GENERATED_ADMIN_EMAIL = "admin@arena.local";

/**
 * The bootstrap admin: ARENA_ADMIN_EMAIL + ARENA_ADMIN_PASSWORD, or with neither set a
 * generated password kept in .data/admin-password (mode 0600). Stored only as a bcrypt
 * hash. Returns the line to print: it says where the password is, never the password.
 */
export async function ensureAdmin(
  root: string,
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  const email = env.ARENA_ADMIN_EMAIL;
  const password = env.ARENA_ADMIN_PASSWORD;
  if (Boolean(email) !== Boolean(password)) {
    throw new Error("Set both ARENA_ADMIN_EMAIL and ARENA_ADMIN_PASSWORD, or neither.");
  }
  const { bootstrapAdmin } = await import("../lib/db/users");
  if (email && password) {
    await bootstrapAdmin({ email, password });
    return `Admin sign-in: ${email.toLowerCase()} (password from ARENA_ADMIN_PASSWORD)`;
  }
  const file = path.join(root, ".data", "admin-password");
  await bootstrapAdmin({
    email: GENERATED_ADMIN_EMAIL,
    password: persistedSecret(root, "admin-password", 18),
  });
  return `Admin sign-in: ${GENERATED_ADMIN_EMAIL}, password in ${file} (readable by you only)`;
}
