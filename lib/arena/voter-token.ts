import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

// The anonymous voter id travels in a cookie as `<uuid>.<hmac>`: a forged or edited
// id fails verification, so nobody can vote as someone else's id or mint ids for free
// without also getting a fresh cookie from us.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(id: string, secret: string): string {
  return createHmac("sha256", secret).update(`voter:${id}`).digest("base64url");
}

export function signVoterId(id: string, secret: string): string {
  return `${id}.${mac(id, secret)}`;
}

export function newVoterToken(secret: string): { id: string; token: string } {
  const id = randomUUID();
  return { id, token: signVoterId(id, secret) };
}

/** Returns the voter id if the token is well-formed and correctly signed, else null. */
export function verifyVoterToken(token: string | undefined, secret: string): string | null {
  if (!token || token.length > 200) return null;
  const dot = token.indexOf(".");
  if (dot < 0) return null;
  const id = token.slice(0, dot);
  if (!UUID.test(id)) return null;
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
