import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signVoterId } from "@/lib/arena/voter-token";
import { RAW_VOTER_ID } from "./__fixtures__/votes";
import { exportSalt, pseudonymizer, voterPseudonym } from "./pseudonym";

const SALT = "a-test-salt-of-enough-length";

describe("voter pseudonyms", () => {
  it("are stable for a voter and key, 32 hex digits, and differ between voters and keys", () => {
    const p = voterPseudonym(RAW_VOTER_ID, SALT);
    expect(p).toMatch(/^[0-9a-f]{32}$/);
    expect(voterPseudonym(RAW_VOTER_ID, SALT)).toBe(p);
    expect(voterPseudonym("another-voter", SALT)).not.toBe(p);
    expect(voterPseudonym(RAW_VOTER_ID, `${SALT}!`)).not.toBe(p);
    const memo = pseudonymizer(SALT);
    expect(memo(RAW_VOTER_ID)).toBe(p);
    expect(memo(RAW_VOTER_ID)).toBe(p);
  });

  it("contain nothing of the raw id, and nothing of the cookie's signature or a plain hash", () => {
    const p = voterPseudonym(RAW_VOTER_ID, SALT);
    const hex = RAW_VOTER_ID.replaceAll("-", "");
    for (let i = 0; i + 8 <= hex.length; i++) expect(p).not.toContain(hex.slice(i, i + 8));
    const cookieMac = signVoterId(RAW_VOTER_ID, SALT).split(".")[1];
    const cookieHex = Buffer.from(cookieMac, "base64url").toString("hex");
    expect(cookieHex.startsWith(p)).toBe(false);
    const unkeyed = createHmac("sha256", "").update(RAW_VOTER_ID).digest("hex");
    expect(unkeyed.startsWith(p)).toBe(false);
  });

  it("use ARENA_EXPORT_SALT when set, else ARENA_SECRET, and refuse short or missing keys", () => {
    expect(exportSalt({ ARENA_SECRET: "s".repeat(16) })).toBe("s".repeat(16));
    expect(exportSalt({ ARENA_SECRET: "s".repeat(16), ARENA_EXPORT_SALT: "e".repeat(20) })).toBe(
      "e".repeat(20),
    );
    expect(() => exportSalt({})).toThrow(/ARENA_EXPORT_SALT/);
    expect(() => exportSalt({ ARENA_SECRET: "short" })).toThrow();
  });
});
