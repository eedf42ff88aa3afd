import { beforeEach, describe, expect, it } from "vitest";
import { listAbuseFlags } from "@/lib/db/abuse-flags";
import { db } from "@/lib/db/client";
import { quarantineVoter } from "@/lib/db/quarantine";
import type { VoterQuality } from "@/lib/ratings/diagnostics/voter-quality";
import { resetDb } from "@/lib/testing/db";
import { DEFAULT_POLICY } from "./policy";
import { flagLowQualityVoters } from "./voter-quality-flags";

const row = (voterId: string, over: Partial<VoterQuality>): VoterQuality => ({
  voterId,
  votes: 40,
  decisive: 40,
  agreement: 0.7,
  expectedAgreement: 0.7,
  agreementZ: 0,
  leftShare: 0.5,
  longerShare: 0.5,
  longestSideStreak: 4,
  medianMs: 20_000,
  medianMsPer100Tokens: 2_000,
  tooFastShare: 0,
  timeLengthCorrelation: 0.8,
  flags: [],
  ...over,
});

describe("voter quality into the abuse flags", () => {
  beforeEach(resetDb);

  it("suggests (never quarantines) voters with two signs, updates the open flag, skips quarantined voters", async () => {
    const [bad, oneSign, honest, held] = await Promise.all(
      [0, 1, 2, 3].map(async () => (await db.voter.create({ data: {} })).id),
    );
    await quarantineVoter({ voterId: held, reason: "earlier", source: "maintainer", actor: "ann" });
    const careless = { tooFastShare: 0.8, timeLengthCorrelation: 0.05, longestSideStreak: 22 };
    const flagged = await flagLowQualityVoters(
      [row(bad, careless), row(oneSign, { agreementZ: -4.5 }), row(honest, {}), row(held, careless)],
      DEFAULT_POLICY,
    );
    expect(flagged.sort()).toEqual([bad, held].sort());
    let open = await listAbuseFlags();
    expect(open.map((f) => [f.voterId, f.detector, f.score, f.threshold])).toEqual([
      [bad, "low_quality", 2, 2],
    ]);
    expect(open[0].detail).toMatchObject({ n: 40, longestSideStreak: 22 });
    // The next report: a third sign updates the open flag instead of adding one.
    await flagLowQualityVoters([row(bad, { ...careless, agreementZ: -5 })], DEFAULT_POLICY);
    open = await listAbuseFlags();
    expect(open.map((f) => f.score)).toEqual([3]);
    expect(await db.voterQuarantine.count({ where: { voterId: bad } })).toBe(0);
  });
});
