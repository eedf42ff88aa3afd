import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isSharedRender } from "./csp";

const directives = (csp: string) =>
  Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.slice(d.indexOf(" ") + 1)]));

describe("contentSecurityPolicy", () => {
  it("allows scripts from self and the nonce only, images from self and data: only", () => {
    const d = directives(contentSecurityPolicy({ nonce: "abc", dev: false, turnstile: false }));
    expect(d["script-src"]).toBe("'self' 'nonce-abc' 'strict-dynamic'");
    expect(d["img-src"]).toBe("'self' data:");
    expect(d["object-src"]).toBe("'none'");
    expect(d["frame-ancestors"]).toBe("'none'");
    expect(d["frame-src"]).toBe("'none'");
  });

  it("adds Turnstile's origin only when configured, and eval only in development", () => {
    const d = directives(contentSecurityPolicy({ nonce: "n", dev: true, turnstile: true }));
    expect(d["script-src"]).toBe(
      "'self' 'nonce-n' 'strict-dynamic' https://challenges.cloudflare.com 'unsafe-eval'",
    );
    expect(d["frame-src"]).toBe("https://challenges.cloudflare.com");
  });

  it("shared (ISR) pages get no nonce", () => {
    expect(isSharedRender("/leaderboard/code")).toBe(true);
    expect(isSharedRender("/leaderboards")).toBe(false);
    expect(
      directives(contentSecurityPolicy({ nonce: null, dev: false, turnstile: false }))["script-src"],
    ).toBe("'self' 'unsafe-inline'");
  });
});
