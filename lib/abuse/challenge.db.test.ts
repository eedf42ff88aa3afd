import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { noteVoterOrigin } from "@/lib/db/abuse-evidence";
import { suggestQuarantine } from "@/lib/db/abuse-flags";
import { db } from "@/lib/db/client";
import { recordVote } from "@/lib/db/votes";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { CHALLENGE_MESSAGE } from "./challenge";
import {
  assertChallengeCleared,
  type ChallengeAnswer,
  offerChallenge,
  passChallenge,
} from "./challenge-guard";

vi.hoisted(() => {
  process.env.ARENA_CHALLENGE_AFTER_VOTES = "3";
});

async function solvedAnswer(voterId: string): Promise<ChallengeAnswer> {
  const offer = await offerChallenge(voterId);
  if (offer.kind !== "pow") throw new Error("expected a proof of work without Turnstile keys");
  const solution = await solveChallenge({ challenge: offer.challenge, deriveKey });
  if (!solution) throw new Error("unsolved");
  const { parameters, signature = "" } = offer.challenge;
  return { kind: "pow", payload: { challenge: { parameters: { ...parameters }, signature }, solution } };
}

async function vote(voterId: string, ipHash: string | null = null) {
  const battle = (await dealCorpusBattle({ voterId, ipHash }))!;
  await recordVote({ battleId: battle.id, voterId, choice: "left" });
}

const cleared = (voterId: string, ipHash: string | null = null) =>
  assertChallengeCleared({ voterId, ipHash }).then(
    () => null,
    (e: Error & { code?: string }) => ({ code: e.code, message: e.message }),
  );

describe("vote challenges", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ prompts: 6 });
  });

  it("a flagged voter must pass a proof of work, which counts once", async () => {
    const voterId = newVoterId();
    await vote(voterId);
    expect(await cleared(voterId)).toBeNull();
    await suggestQuarantine({
      voterId,
      findings: [{ signal: { detector: "fast_votes", score: 0.5, n: 10, detail: {} }, threshold: 0.3 }],
    });
    expect(await cleared(voterId)).toEqual({
      code: "challenge_required",
      message: CHALLENGE_MESSAGE.flagged,
    });
    const answer = await solvedAnswer(voterId);
    await expect(passChallenge({ voterId: newVoterId(), answer })).rejects.toThrow(/another voter/);
    expect(await passChallenge({ voterId, answer })).toEqual({ status: "ok" });
    expect(await cleared(voterId)).toBeNull();
    await expect(passChallenge({ voterId, answer })).rejects.toThrow(/already used/);
    expect(await db.challengePass.count({ where: { voterId } })).toBe(1);
  });

  it("asks again after N votes (ARENA_CHALLENGE_AFTER_VOTES) since the last pass", async () => {
    const voterId = newVoterId();
    for (let i = 0; i < 3; i++) await vote(voterId);
    expect((await cleared(voterId))?.message).toBe(CHALLENGE_MESSAGE.votes);
    await passChallenge({ voterId, answer: await solvedAnswer(voterId) });
    expect(await cleared(voterId)).toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 3; i++) await vote(voterId);
    expect((await cleared(voterId))?.message).toBe(CHALLENGE_MESSAGE.votes);
  });

  it("asks each new cookie at an address that churns cookies, once; other addresses are not asked", async () => {
    for (let i = 0; i < 5; i++) await noteVoterOrigin({ voterId: newVoterId(), ipHash: "ip-churn" });
    const fresh = newVoterId();
    await noteVoterOrigin({ voterId: fresh, ipHash: "ip-churn" });
    expect((await cleared(fresh, "ip-churn"))?.message).toBe(CHALLENGE_MESSAGE.churn);
    await passChallenge({ voterId: fresh, answer: await solvedAnswer(fresh) });
    expect(await cleared(fresh, "ip-churn")).toBeNull();
    const home = newVoterId();
    await noteVoterOrigin({ voterId: home, ipHash: "ip-home" });
    expect(await cleared(home, "ip-home")).toBeNull();
  });
});
