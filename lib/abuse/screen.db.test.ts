import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { listDealEvidence } from "@/lib/db/abuse-evidence";
import { db } from "@/lib/db/client";
import { recordVote } from "@/lib/db/votes";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { seededRandom } from "@/lib/testing/seeded-random";
import { winProbability } from "./detectors";
import { REASON } from "./policy";
import { forgetScreeningCaches, screenVoter } from "./screen";

let turn = 0;
async function voteAs(voterId: string, ipHash: string | null) {
  const battle = (await dealCorpusBattle({ voterId, ipHash }))!;
  await recordVote({
    battleId: battle.id,
    voterId,
    choice: turn++ % 2 ? "left" : "right",
    facts: { ipHash, uaHash: null, uaClass: "browser" },
  });
  return battle.id;
}

/** Deals battles to the voter until `pick` chooses a side (null: leave it unvoted), then votes. */
async function voteBy(
  voterId: string,
  ipHash: string,
  pick: (models: { left: string; right: string }) => "left" | "right" | null,
): Promise<"left" | "right" | null> {
  const dealt = (await dealCorpusBattle({ voterId, ipHash }))!;
  const b = await db.battle.findUniqueOrThrow({
    where: { id: dealt.id },
    select: { shownLeft: true, modelA: { select: { slug: true } }, modelB: { select: { slug: true } } },
  });
  const [left, right] = b.shownLeft === "a" ? [b.modelA.slug, b.modelB.slug] : [b.modelB.slug, b.modelA.slug];
  const choice = pick({ left, right });
  if (!choice) return null;
  await recordVote({
    battleId: dealt.id,
    voterId,
    choice,
    facts: { ipHash, uaHash: null, uaClass: "browser" },
  });
  return choice;
}

describe("screenVoter", () => {
  beforeEach(async () => {
    await resetDb();
    forgetScreeningCaches();
  });

  it("measures time to vote on the server, from the answers being complete", async () => {
    await seedSmallCorpus();
    const voterId = newVoterId();
    const battle = (await dealCorpusBattle({ voterId }))!;
    await db.battle.update({
      where: { id: battle.id },
      data: { answersCompleteAt: new Date(Date.now() - 42_000) },
    });
    await recordVote({ battleId: battle.id, voterId, choice: "left", timeToVoteMs: 999_999 });
    const v = await db.vote.findUniqueOrThrow({ where: { battleId: battle.id } });
    expect(v.serverTimeToVoteMs).toBeGreaterThanOrEqual(42_000);
    expect(v.serverTimeToVoteMs).toBeLessThan(60_000);
  });

  it("quarantines a voter who votes faster than the answers can be read, not a reader", async () => {
    await seedSmallCorpus({ prompts: 4 });
    const fast = newVoterId();
    const reader = newVoterId();
    for (let i = 0; i < 12; i++) await voteAs(fast, "ip-fast");
    for (let i = 0; i < 12; i++) await voteAs(reader, "ip-reader");
    await db.vote.updateMany({ where: { voterId: reader }, data: { serverTimeToVoteMs: 20_000 } });
    await screenVoter({ voterId: fast, ipHash: "ip-fast" });
    await screenVoter({ voterId: reader, ipHash: "ip-reader" });
    expect(
      await db.voterQuarantine.findMany({ select: { voterId: true, reason: true, source: true } }),
    ).toEqual([{ voterId: fast, reason: REASON.fast_votes, source: "auto" }]);
    expect(await db.vote.count({ where: { voterId: fast, countsForPublic: true } })).toBe(0);
  });

  it("at a churning address quarantines the identities that push one model, not their honest neighbours", async () => {
    const { slugs } = await seedSmallCorpus({ models: 5, prompts: 10 });
    const strength = (slug: string) => 1100 - 50 * slugs.indexOf(slug);
    const target = slugs[2];
    const rnd = seededRandom(7);
    const honestly = (m: { left: string; right: string }) =>
      rnd() < winProbability(strength(m.left), strength(m.right)) ? "left" : "right";
    for (let h = 0; h < 20; h++) {
      const id = newVoterId();
      for (let i = 0; i < 10; i++) await voteBy(id, `ip-home-${h}`, honestly);
    }
    // One address: twelve throw-away cookies that vote only when the target is shown, for
    // it, and three honest people behind the same NAT.
    const bots = Array.from({ length: 12 }, newVoterId);
    for (const id of bots) {
      // Eight votes each: with six, a bot whose draws pitted the target mostly against weaker
      // models (wins expected anyway) fell short of the member test about one run in ten.
      for (let cast = 0; cast < 8; ) {
        const side = await voteBy(id, "ip-nat", (m) =>
          m.left === target ? "left" : m.right === target ? "right" : null,
        );
        if (side) cast++;
      }
    }
    // Their votes on the target split both ways, as a mid-ranked model's do: with coin-flip
    // honest votes, a neighbour who met the target three or four times and picked it every
    // time passed the member test about one run in twenty (as such a voter would).
    const neighbours = Array.from({ length: 3 }, newVoterId);
    for (const id of neighbours) {
      let met = 0;
      const neighbourly = (m: { left: string; right: string }) => {
        if (m.left !== target && m.right !== target) return honestly(m);
        const forTarget = met++ % 2 === 0;
        return (m.left === target) === forTarget ? "left" : "right";
      };
      for (let i = 0; i < 10; i++) await voteBy(id, "ip-nat", neighbourly);
    }
    await db.vote.updateMany({ data: { serverTimeToVoteMs: 20_000 } });
    forgetScreeningCaches();
    await screenVoter({ voterId: neighbours[2], ipHash: "ip-nat" });
    const q = await db.voterQuarantine.findMany();
    expect(new Set(q.map((x) => x.voterId))).toEqual(new Set(bots));
    expect(new Set(q.map((x) => x.reason))).toEqual(new Set([REASON.cohort_fixation]));
    expect(await db.vote.count({ where: { voterId: { in: neighbours }, countsForPublic: true } })).toBe(30);
    // The address churns cookies: a suggestion on the screened voter, never a quarantine of it.
    expect(await db.abuseFlag.count({ where: { voterId: neighbours[2], detector: "identity_churn" } })).toBe(
      1,
    );
  });

  it("counts a battle as skipped once the voter was dealt the next one", async () => {
    await seedSmallCorpus({ prompts: 4 });
    const id = newVoterId();
    await voteBy(id, "ip-skip", () => null);
    expect(await listDealEvidence({ voterId: id })).toEqual([]); // maybe still being read
    await voteBy(id, "ip-skip", () => "left");
    const dealt = await listDealEvidence({ ipHash: "ip-skip" });
    expect(dealt.map((d) => d.voted).sort()).toEqual([false, true]);
  });

  it("suggests (does not quarantine) below the automatic threshold", async () => {
    await seedSmallCorpus({ prompts: 4 });
    const ids = Array.from({ length: 10 }, newVoterId);
    for (const id of ids) await voteAs(id, "ip-office");
    await db.vote.updateMany({ data: { serverTimeToVoteMs: 20_000 } });
    await screenVoter({ voterId: ids[9], ipHash: "ip-office" });
    expect(await db.voterQuarantine.count()).toBe(0);
    expect(await db.abuseFlag.count({ where: { detector: "identity_churn", status: "open" } })).toBe(1);
  });
});
