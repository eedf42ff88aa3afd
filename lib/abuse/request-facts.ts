// Facts about a request that the abuse defences use, reduced to keyed hashes so that no
// address or full user agent is ever stored. Pure (the key is passed in).
import { createHmac } from "node:crypto";

/**
 * The client address from X-Forwarded-For, counting `trustedHops` proxies from the right
 * (`next start` fills the header with the socket address only when it is absent, so with
 * no proxy in front a client can choose it: deploy behind one that sets it).
 */
export function clientIp(forwardedFor: string | null, trustedHops = 1): string | null {
  if (!forwardedFor) return null;
  const hops = forwardedFor
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  const ip = hops[Math.max(0, hops.length - Math.max(1, trustedHops))];
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
export function requestFacts(headers: Headers, key: string, trustedHops = 1): RequestFacts {
  const ip = clientIp(headers.get("x-forwarded-for"), trustedHops);
  const ua = headers.get("user-agent");
  return {
    ipHash: ip === null ? null : keyedHash(key, "ip", ip),
    uaHash: ua === null ? null : keyedHash(key, "ua", ua),
    uaClass: uaClass(ua),
  };
}
