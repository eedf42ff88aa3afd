import { describe, expect, it } from "vitest";
import { voterCookie, voterCookieNames } from "./voter-cookie";

describe("voter cookie", () => {
  it("is a __Host- cookie over HTTPS: Secure, Path=/, no Domain", () => {
    const c = voterCookie(true);
    expect(c.name).toBe("__Host-arena_voter");
    expect(c.options).toMatchObject({ secure: true, path: "/", httpOnly: true });
    expect(c.options).not.toHaveProperty("domain");
    expect(voterCookieNames(true)).toEqual(["__Host-arena_voter", "arena_voter"]);
  });

  it("keeps the plain name over HTTP, where browsers drop __Host- cookies", () => {
    expect(voterCookie(false)).toMatchObject({ name: "arena_voter", options: { secure: false } });
    expect(voterCookieNames(false)).toEqual(["arena_voter"]);
  });
});
