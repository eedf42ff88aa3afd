// Facts about a request that the abuse defences use, reduced to keyed hashes so that no
// address or full user agent is ever stored. Pure (the key is passed in).
import { createHmac } from "node:crypto";

/** The header scripts/server-preload.cjs stamps every request with: the TCP peer's address. */
export const PEER_HEADER = "x-arena-peer";

/**
 * The client address. With no trusted proxy (`trustedHops` 0, the default) it is the TCP
 * peer, never X-Forwarded-For: `next start` passes a client's own X-Forwarded-For through,
 * so trusting it without a proxy lets every request choose its address (and escape the
 * per-address limits and churn detection). With `trustedHops` proxies in front, each
 * appending the address it saw, the client is that many entries from the right.
 */
export function clientIp(
  { forwardedFor, peer }: { forwardedFor: string | null; peer: string | null },
  trustedHops = 0,
): string | null {
  if (trustedHops === 0) return peer ? normaliseIp(peer.trim()) : null;
  if (!forwardedFor) return null;
  const hops = forwardedFor
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  const ip = hops[Math.max(0, hops.length - trustedHops)];
  return normaliseIp(ip);
}

/** IPv4-mapped IPv6 as IPv4; IPv6 reduced to its /64 (one household or host gets one). */
export function normaliseIp(ip: string): string {
  const v4 = ip.replace(/^::ffff:/i, "");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) return v4;
  if (!ip.includes(":")) return ip.toLowerCase();
  const [head] = ip.toLowerCase().split("::");
  const groups = head.split(":").filter(Boolean);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

/** A coarse, non-identifying class of user agent. */
export function uaClass(ua: string | null): string {
  if (!ua) return "none";
  const s = ua.toLowerCase();
  if (/headless|puppeteer|playwright|phantomjs|selenium/.test(s)) return "headless";
  if (/curl|wget|python|node|go-http|axios|undici|java\/|okhttp|libwww|httpie/.test(s)) return "script";
  if (/bot|crawl|spider|slurp/.test(s)) return "bot";
  if (/mobile|android|iphone|ipad/.test(s)) return "mobile-browser";
  if (/mozilla\//.test(s)) return "browser";
  return "other";
}

/** HMAC-SHA-256 of `value` under `key`, scoped by `kind` so equal values of different kinds differ. */
export function keyedHash(key: string, kind: "ip" | "ua", value: string): string {
  return createHmac("sha256", key).update(`${kind}\0${value}`).digest("hex").slice(0, 32);
}

export interface RequestFacts {
  ipHash: string | null;
  uaHash: string | null;
  uaClass: string;
}

/** The facts of a request from its headers. */
export function requestFacts(
  headers: { get(name: string): string | null },
  key: string,
  trustedHops = 0,
): RequestFacts {
  const ip = clientIp(
    { forwardedFor: headers.get("x-forwarded-for"), peer: headers.get(PEER_HEADER) },
    trustedHops,
  );
  const ua = headers.get("user-agent");
  return {
    ipHash: ip === null ? null : keyedHash(key, "ip", ip),
    uaHash: ua === null ? null : keyedHash(key, "ua", ua),
    uaClass: uaClass(ua),
  };
}
