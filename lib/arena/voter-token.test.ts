import { describe, expect, it } from "vitest";
import { newVoterToken, signVoterId, verifyVoterToken } from "./voter-token";

const SECRET = "a-secret-of-sufficient-length";

describe("voter token", () => {
  it("verifies its own tokens and returns the id", () => {
    const { id, token } = newVoterToken(SECRET);
    expect(verifyVoterToken(token, SECRET)).toBe(id);
  });

  it("rejects tampered ids, wrong secrets and junk", () => {
    const { token } = newVoterToken(SECRET);
    const other = newVoterToken(SECRET).id;
    const forged = `${other}.${token.split(".")[1]}`;
    expect(verifyVoterToken(forged, SECRET)).toBeNull();
    expect(verifyVoterToken(token, "another-secret-entirely")).toBeNull();
    expect(verifyVoterToken("not-a-token", SECRET)).toBeNull();
    expect(verifyVoterToken(undefined, SECRET)).toBeNull();
    expect(verifyVoterToken(signVoterId("../../etc", SECRET), SECRET)).toBeNull();
  });
});
