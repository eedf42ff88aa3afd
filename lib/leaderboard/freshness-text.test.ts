import { describe, expect, it } from "vitest";
import { describeFreshness, describeReplicaLag, freshnessDto } from "./freshness-text";

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

  it("says where the board was read from only when a read replica is configured", () => {
    const dto = { updated_at: "2026-12-03T09:59:48.000Z", votes_since: 2 };
    expect(describeFreshness({ ...dto, replica_lag_s: 0 }, at)).toBe(
      "updated 12 s ago · 2 votes since · read from a replica, up to date",
    );
    expect(describeFreshness({ ...dto, replica_lag_s: 4.25 }, at)).toBe(
      "updated 12 s ago · 2 votes since · read from a replica, 4.3 s behind",
    );
    expect(describeReplicaLag(73.4)).toBe("read from a replica, 73 s behind");
    expect(describeReplicaLag(null)).toBe("read from the primary (the read replica is not answering)");
    expect(describeReplicaLag(undefined)).toBeNull();
    const f = { updatedAt: null, votesSince: 0, firstUncountedAt: null };
    expect(freshnessDto(f, 1000)).not.toHaveProperty("replica_lag_s");
    expect(freshnessDto(f, 1000, { lagS: 2 }).replica_lag_s).toBe(2);
    expect(freshnessDto(f, 1000, { lagS: null }).replica_lag_s).toBeNull();
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
