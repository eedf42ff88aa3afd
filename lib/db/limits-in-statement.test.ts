import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, RateLimitedError } from "@/lib/abuse/limits";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { db } from "./client";
import { consumeLimit, limitSpendFor } from "./rate-limits";
import { recordVote } from "./votes";

// The hot paths spend their rate-limit points inside their own statements (the deal's
// draw, record_corpus_vote): the same allowance, row format and 429 as consumeLimit's,
// and nothing written past the limit.

const limits = {
  ...DEFAULT_LIMITS,
  deal: { voter: { points: 2, durationS: 60 }, ip: { points: 3, durationS: 60 } },
  vote: { voter: { points: 1, durationS: 60 }, ip: { points: 5, durationS: 60 } },
};

const pointsOf = async (key: string) =>
  (await db.$queryRaw<{ points: number }[]>`SELECT points FROM rate_limits WHERE key = ${key}`)[0]?.points ??
  0;

async function attempt<T>(run: () => Promise<T>): Promise<T | RateLimitedError> {
  return run().catch((error) => {
    if (error instanceof RateLimitedError) return error;
    throw error;
  });
}

async function deal(voterId: string, ipHash: string) {
  const limit = await limitSpendFor("deal", { voterId, ipHash }, { limits });
  return dealCorpusBattle({ voterId, ipHash, limit });
}

describe("rate limits spent inside the deal's and the vote's statements", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus({ models: 3, prompts: 4 });
  });

  it("deals up to the voter's allowance, then 429s with the wait and stores no battle", async () => {
    const voterId = newVoterId();
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await attempt(() => deal(voterId, "ip-deal")));
    expect(results.slice(0, 2).every((r) => r !== null && !(r instanceof RateLimitedError))).toBe(true);
    const refused = results[2];
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterS).toBeGreaterThan(50);
    expect((refused as RateLimitedError).retryAfterS).toBeLessThanOrEqual(60);
    expect(await db.battle.count({ where: { voterId } })).toBe(2);
    // Rows as consumeLimit keeps them: a point per attempt, refused ones too.
    expect(await pointsOf(`deal:v:${voterId}`)).toBe(3);
    expect(await pointsOf("deal:ip:ip-deal")).toBe(3);
    // And consumeLimit reads the same rows: the address is used up too now.
    await expect(consumeLimit("deal", { ipHash: "ip-deal" }, { limits })).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it("spends a vote's points in record_corpus_vote: past the allowance a 429, and no vote stored", async () => {
    const voterId = newVoterId();
    const first = (await deal(voterId, "ip-vote"))!;
    const second = (await deal(voterId, "ip-vote"))!;
    const vote = async (battleId: string) =>
      recordVote({
        battleId,
        voterId,
        choice: "left",
        limit: await limitSpendFor("vote", { voterId, ipHash: "ip-vote" }, { limits }),
      });
    expect((await vote(first.id)).status).toBe("ok");
    const refused = await attempt(() => vote(second.id));
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(await db.vote.count()).toBe(1);
    expect((await db.battle.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("ready");
    expect(await pointsOf(`vote:v:${voterId}`)).toBe(2);
  });

  it("spends once when the vote takes the general path", async () => {
    const voterId = newVoterId();
    const battle = (await deal(voterId, "ip-general"))!;
    // Without its deal measures, record_corpus_vote answers "general" (after spending) and
    // record_vote stores the vote.
    await db.$executeRaw`UPDATE battles SET dealt_conv_metadata = NULL WHERE id = ${battle.id}::uuid`;
    const limit = await limitSpendFor("vote", { voterId, ipHash: "ip-general" }, { limits });
    expect((await recordVote({ battleId: battle.id, voterId, choice: "tie", limit })).status).toBe("ok");
    expect(await pointsOf(`vote:v:${voterId}`)).toBe(1);
    expect(await pointsOf("vote:ip:ip-general")).toBe(1);
    expect(await db.vote.count({ where: { battleId: battle.id } })).toBe(1);
  });
});
