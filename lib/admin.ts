import "server-only";
import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

// Until accounts land, maintainers prove themselves with ARENA_ADMIN_TOKEN. With no
// token configured, admin actions are off (recompute still runs after each vote).
export function adminEnabled(): boolean {
  return Boolean(env().ARENA_ADMIN_TOKEN);
}

export function isAdminToken(given: unknown): boolean {
  const expected = env().ARENA_ADMIN_TOKEN;
  if (!expected || typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
