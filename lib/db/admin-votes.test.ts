import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { resetDb } from "@/lib/testing/db";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { getConsoleStats } from "./admin-stats";
import { countVotesByReason, getBattleAsSeen, getVoterActivity, searchVotes } from "./admin-votes";
import { quarantineVoter } from "./quarantine";
import { recordVote } from "./votes";

async function vote(voterId: string, choice: "left" | "right" | "tie") {
  const battle = await dealCorpusBattle({ voterId });
  if (!battle) throw new Error("no battle");
  await recordVote({ battleId: battle.id, voterId, choice });
  return battle.id;
}

describe("console reads of votes and voters", () => {
  beforeEach(async () => {
    await resetDb();
    await seedSmallCorpus();
  });

  it("filters votes, shows a battle as the voter saw it, and counts per reason after a quarantine", async () => {
    const alice = newVoterId();
    const bob = newVoterId();
    const first = await vote(alice, "left");
    await vote(alice, "tie");
    await vote(bob, "right");

    const all = await searchVotes({ filters: {} });
    expect(all.total).toBe(3);
    const seen = all.rows.find((r) => r.battleId === first);
    expect(seen?.choice).toBe("left");
    expect((await searchVotes({ filters: { voterId: alice } })).total).toBe(2);
    expect((await searchVotes({ filters: { model: "no-such-model" } })).total).toBe(0);
    expect((await searchVotes({ filters: { from: new Date(Date.now() + 60_000) } })).total).toBe(0);

    const battle = await getBattleAsSeen({ battleId: first });
    expect(battle?.vote?.choice).toBe("left");
    expect(battle?.left).toBe(seen?.left);
    expect(battle?.turns[0].prompt).toMatch(/^Prompt \d$/);
    expect(battle?.turns[0].left).toMatch(/^Answer/);

    await quarantineVoter({ voterId: alice, reason: "test reason", source: "maintainer" });
    expect(await countVotesByReason()).toEqual([
      { reason: "voter quarantined: test reason", n: 2 },
      { reason: "counted", n: 1 },
    ]);
    expect((await searchVotes({ filters: { exclusion: "excluded" } })).total).toBe(2);
    const activity = await getVoterActivity({ voterId: alice });
    expect(activity).toMatchObject({
      votes: 2,
      counted: 0,
      quarantined: true,
      quarantineReason: "test reason",
    });
    expect(activity?.choices).toEqual([
      { choice: "left", n: 1 },
      { choice: "tie", n: 1 },
    ]);

    const stats = await getConsoleStats({ days: 7 });
    expect(stats.votesPerDay).toHaveLength(1);
    expect(stats.votesPerDay[0]).toMatchObject({ counted: 1, excluded: 2, voters: 2 });
    expect(stats.exclusions).toEqual([{ reason: "voter quarantined: test reason", votes: 2 }]);
    expect(stats.perModel.reduce((s, m) => s + m.votes, 0)).toBe(6);
  });
});
