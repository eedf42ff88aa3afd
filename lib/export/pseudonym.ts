import { createHmac } from "node:crypto";

// Voters appear in dumps only as a keyed hash of their id. Keyed (HMAC), because a
// plain hash of a UUID-shaped id could be confirmed by anyone holding a candidate
// id (e.g. from their own cookie); truncated to 128 bits, which is collision-free
// at any realistic number of voters. The message is domain-separated from the
// cookie signature in voter-token.ts, which HMACs `voter:<id>` with ARENA_SECRET,
// so a pseudonym never reveals part of a cookie's MAC.

const DOMAIN = "pairwise-arena/export-pseudonym/v1:";

export function voterPseudonym(voterId: string, salt: string): string {
  return createHmac("sha256", salt)
    .update(DOMAIN + voterId)
    .digest("hex")
    .slice(0, 32);
}

/** Memoises pseudonyms for one batch of rows, where the same voter often recurs. */
export function pseudonymizer(salt: string): (voterId: string) => string {
  let cache = new Map<string, string>();
  return (voterId) => {
    let p = cache.get(voterId);
    if (p === undefined) {
      if (cache.size >= 50_000) cache = new Map(); // bounded (~10 MB): exports stay constant-memory
      p = voterPseudonym(voterId, salt);
      cache.set(voterId, p);
    }
    return p;
  };
}

/**
 * The key: ARENA_EXPORT_SALT when set (so pseudonyms survive a rotation of the
 * cookie secret), else ARENA_SECRET. Rotating the key changes every pseudonym.
 */
export function exportSalt(environment: Record<string, string | undefined> = process.env): string {
  const salt = environment.ARENA_EXPORT_SALT || environment.ARENA_SECRET;
  if (!salt || salt.length < 16)
    throw new Error("Exports need ARENA_EXPORT_SALT or ARENA_SECRET (at least 16 characters).");
  return salt;
}
