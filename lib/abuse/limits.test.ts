import { describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/errors";
import { DEFAULT_LIMITS, humanWait, parseLimits, RateLimitedError } from "./limits";
import { clientIp, keyedHash, normaliseIp, PEER_HEADER, requestFacts, uaClass } from "./request-facts";

describe("limits config", () => {
  it("merges an override per action and subject; null switches a subject off", () => {
    const l = parseLimits('{"vote":{"ip":null,"voter":{"points":5,"durationS":60}}}');
    expect(l.vote).toEqual({ voter: { points: 5, durationS: 60 }, ip: null });
    expect(l.deal).toEqual(DEFAULT_LIMITS.deal);
  });

  it("refuses bad overrides readably", () => {
    expect(() => parseLimits('{"vote":{"voter":{"points":0,"durationS":1}}}')).toThrow(/ARENA_RATE_LIMITS/);
    expect(() => parseLimits('{"nap":{}}')).toThrow(/ARENA_RATE_LIMITS/);
    expect(() => parseLimits("[")).toThrow(/not valid JSON/);
  });

  it("says how long to wait in words", () => {
    expect(humanWait(1)).toBe("in 1 second");
    expect(humanWait(40_000)).toBe("in 40 seconds");
    expect(humanWait(170_000)).toBe("in 3 minutes");
    expect(humanWait(3 * 3600_000)).toBe("in 3 hours");
  });

  it("answers 429 with Retry-After in whole seconds and a human sentence", async () => {
    const res = errorResponse(RateLimitedError.forLimit("vote", 2_500));
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("3");
    const body = await res.json();
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toBe(
      "You are voting faster than this arena allows. Please try again in 3 seconds.",
    );
  });
});

describe("request facts", () => {
  const xff = (forwardedFor: string | null, peer: string | null = "10.9.9.9") => ({ forwardedFor, peer });

  it("takes the address appended by the nearest trusted proxy", () => {
    expect(clientIp(xff("6.6.6.6, 1.2.3.4"), 1)).toBe("1.2.3.4");
    expect(clientIp(xff("6.6.6.6, 1.2.3.4, 10.0.0.1"), 2)).toBe("1.2.3.4");
    expect(clientIp(xff("1.2.3.4"), 3)).toBe("1.2.3.4");
    expect(clientIp(xff(null), 1)).toBeNull();
    expect(clientIp(xff(" , "), 1)).toBeNull();
  });

  it("ignores X-Forwarded-For unless proxies are configured: the TCP peer is the client", () => {
    expect(clientIp(xff("6.6.6.6", "::ffff:10.1.2.3"))).toBe("10.1.2.3");
    expect(clientIp(xff("6.6.6.6", null))).toBeNull();
    const spoofed = new Headers({ "x-forwarded-for": "6.6.6.6", [PEER_HEADER]: "10.1.2.3" });
    expect(requestFacts(spoofed, "k1").ipHash).toBe(keyedHash("k1", "ip", "10.1.2.3"));
    expect(requestFacts(spoofed, "k1", 1).ipHash).toBe(keyedHash("k1", "ip", "6.6.6.6"));
  });

  it("normalises mapped IPv4 and groups IPv6 by /64", () => {
    expect(normaliseIp("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(normaliseIp("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(normaliseIp("2001:DB8:1:2:bbbb::9")).toBe("2001:db8:1:2::/64");
  });

  it("classifies user agents coarsely", () => {
    expect(uaClass("Mozilla/5.0 (X11; Linux x86_64) Chrome/130")).toBe("browser");
    expect(uaClass("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148")).toBe("mobile-browser");
    expect(uaClass("Mozilla/5.0 HeadlessChrome/130")).toBe("headless");
    expect(uaClass("curl/8.5.0")).toBe("script");
    expect(uaClass("python-requests/2.31")).toBe("script");
    expect(uaClass(null)).toBe("none");
  });

  it("hashes with the key and the kind, never storing the value", () => {
    const h = keyedHash("k1", "ip", "1.2.3.4");
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(keyedHash("k2", "ip", "1.2.3.4")).not.toBe(h);
    expect(keyedHash("k1", "ua", "1.2.3.4")).not.toBe(h);
    const facts = requestFacts(new Headers({ [PEER_HEADER]: "1.2.3.4", "user-agent": "curl/8" }), "k1");
    expect(facts).toEqual({ ipHash: h, uaHash: keyedHash("k1", "ua", "curl/8"), uaClass: "script" });
    expect(JSON.stringify(facts)).not.toContain("1.2.3.4");
  });
});
