import { describe, expect, it } from "vitest";
import { describeFreshness, freshnessDto } from "./freshness-text";

describe("leaderboard freshness wording", () => {
  const at = Date.parse("2026-12-03T10:00:00Z");

  it("says how long ago the board was updated and how many votes it misses", () => {
    expect(describeFreshness({ updated_at: "2026-12-03T09:59:48.000Z", votes_since: 37 }, at)).toBe(
      "updated 12 s ago · 37 votes since",
    );
    expect(describeFreshness({ updated_at: "2026-12-03T09:55:00.000Z", votes_since: 1 }, at)).toBe(
      "updated 5 min ago · 1 vote since",
    );
    expect(describeFreshness({ updated_at: null, votes_since: 0 }, at)).toBe(
      "not computed yet · 0 votes since",
    );
  });

  it("serialises the database's view with ISO times and the wait in seconds", () => {
    expect(
      freshnessDto({ updatedAt: new Date(at), votesSince: 3, firstUncountedAt: new Date(at + 1500) }, 30_000),
    ).toEqual({
      updated_at: "2026-12-03T10:00:00.000Z",
      votes_since: 3,
      oldest_uncounted_vote_at: "2026-12-03T10:00:01.500Z",
      max_wait_s: 30,
    });
  });
});
