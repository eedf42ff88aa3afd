import { createServer, type Server } from "node:http";
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ChallengeState,
  challengeNeeded,
  checkPow,
  issuePow,
  type PowPayload,
  verifyTurnstile,
} from "./challenge";

const SECRET = "test-secret-not-for-production";
const VOTER = "9f1f4f0e-1c7a-4e55-8d0c-2d7f3b6a0c11";
const RULES = { afterVotes: 50, churnCookies: 5 };
const calm: ChallengeState = {
  passedBefore: false,
  votesSincePass: 3,
  flaggedSincePass: false,
  newCookiesAtAddress: 1,
};

describe("when a vote needs a challenge", () => {
  it("asks a flagged voter, one due after N votes, and a new cookie at a churning address", () => {
    expect(challengeNeeded(calm, RULES)).toBeNull();
    expect(challengeNeeded({ ...calm, flaggedSincePass: true }, RULES)).toBe("flagged");
    expect(challengeNeeded({ ...calm, votesSincePass: 50 }, RULES)).toBe("votes");
    expect(challengeNeeded({ ...calm, votesSincePass: 50 }, { ...RULES, afterVotes: 0 })).toBeNull();
    expect(challengeNeeded({ ...calm, newCookiesAtAddress: 5 }, RULES)).toBe("churn");
    // A cookie that passed once is not asked again for its address's churn.
    expect(challengeNeeded({ ...calm, newCookiesAtAddress: 50, passedBefore: true }, RULES)).toBeNull();
  });
});

async function solved(
  voterId = VOTER,
  opts: Partial<Parameters<typeof issuePow>[0]> = {},
): Promise<PowPayload> {
  const challenge = await issuePow({ secret: SECRET, voterId, minCounter: 5, maxCounter: 50, ...opts });
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("unsolved");
  return {
    challenge: { parameters: { ...challenge.parameters }, signature: challenge.signature ?? "" },
    solution,
  };
}

describe("proof of work", () => {
  it("verifies a solved challenge for the voter it was issued to", async () => {
    const payload = await solved();
    const check = await checkPow(payload, { secret: SECRET, voterId: VOTER });
    expect(check).toEqual({ ok: true, nonce: payload.challenge.parameters.nonce });
  });

  it("refuses another voter's, a tampered, a wrong, an expired or a foreign-keyed one", async () => {
    const payload = await solved();
    expect((await checkPow(payload, { secret: SECRET, voterId: "someone-else" })).ok).toBe(false);
    const tampered = structuredClone(payload);
    tampered.challenge.parameters.data = { voter: "someone-else" };
    expect((await checkPow(tampered, { secret: SECRET, voterId: "someone-else" })).ok).toBe(false);
    const wrong = structuredClone(payload);
    wrong.solution.counter += 1;
    expect((await checkPow(wrong, { secret: SECRET, voterId: VOTER })).ok).toBe(false);
    const expired = await solved(VOTER, { now: Date.now() - 3_600_000, ttlS: 60 });
    expect(await checkPow(expired, { secret: SECRET, voterId: VOTER })).toEqual({
      ok: false,
      message: "That check expired. Please try again.",
    });
    expect((await checkPow(payload, { secret: "another-secret-0123456789", voterId: VOTER })).ok).toBe(false);
  });

  it("makes the solver do the work: the counter it must reach is drawn in [min, max]", async () => {
    const payload = await solved(VOTER, { minCounter: 2000, maxCounter: 2000 });
    expect(payload.solution.counter).toBe(2000);
  });
});

describe("Turnstile siteverify (a local fake of the endpoint)", () => {
  let server: Server;
  let url = "";
  const seen: URLSearchParams[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        const form = new URLSearchParams(body);
        seen.push(form);
        const ok = form.get("secret") === "ts-secret" && form.get("response") === "good-token";
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify(
            ok ? { success: true } : { success: false, "error-codes": ["invalid-input-response"] },
          ),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/turnstile/v0/siteverify`;
  });
  afterAll(() => {
    server.close();
  });

  it("posts the secret and token as a form and passes only on success", async () => {
    expect(
      await verifyTurnstile({ token: "good-token", secret: "ts-secret", url, remoteIp: "10.0.0.1" }),
    ).toEqual({
      ok: true,
      nonce: "turnstile:good-token",
    });
    expect(seen.at(-1)?.get("remoteip")).toBe("10.0.0.1");
    expect((await verifyTurnstile({ token: "bad-token", secret: "ts-secret", url })).ok).toBe(false);
  });

  it("fails closed when the endpoint cannot be reached", async () => {
    const check = await verifyTurnstile({
      token: "good-token",
      secret: "ts-secret",
      url: "http://127.0.0.1:9/x",
    });
    expect(check).toEqual({
      ok: false,
      message: "The check could not be verified just now. Please try again.",
    });
  });
});
