import { describe, expect, it } from "vitest";
import type { Snapshot } from "@/lib/ratings/snapshot";
import { parseCsv } from "./csv";
import { cacheHeaders, isNotModified } from "./http-cache";
import { LEADERBOARD_CSV_COLUMNS, leaderboardCsv, leaderboardJson } from "./leaderboard";

const snapshot: Snapshot = {
  id: "11111111-2222-4333-8444-555555555555",
  category: "overall",
  kind: "plain",
  params: { ci: "bootstrap", rounds: 100, seed: 0 },
  voteSetHash: "abc123",
  codeVersion: "0.1.0",
  numVotes: 30,
  createdAt: new Date("2026-03-01T10:00:00.123Z"),
  result: {
    version: 1,
    rows: [
      { model: "m,1", rating: 1012.5, ciLower: 990, ciUpper: 1030, rankUb: 1, numBattles: 20 },
      { model: "m2", rating: 987.5, ciLower: null, ciUpper: null, rankUb: 1, numBattles: 20 },
    ],
    groups: [["m,1", "m2"]],
    numVotes: 30,
    numExcluded: 4,
    excludedByReason: { "voter quarantined: burst of votes": 3, "named battle": 1 },
    ci: "bootstrap",
    rounds: 100,
    iterations: 7,
    converged: true,
    bootstrapNonconvergedRounds: 0,
    styleCoefficients: [{ feature: "length", coef: 0.2, ciLower: 0.1, ciUpper: 0.3, eloPerSd: 35 }],
  },
};

describe("leaderboard bodies", () => {
  it("JSON carries the snapshot metadata and snake_case rows", () => {
    const j = leaderboardJson(snapshot);
    expect(j.snapshot).toEqual({
      id: snapshot.id,
      created_at: "2026-03-01T10:00:00.123Z",
      vote_set_hash: "abc123",
      code_version: "0.1.0",
      params: { ci: "bootstrap", rounds: 100, seed: 0 },
      votes_counted: 30,
      votes_excluded: 4,
      votes_excluded_by_reason: { "voter quarantined: burst of votes": 3, "named battle": 1 },
      ci_method: "bootstrap",
      bootstrap_rounds: 100,
    });
    expect(j.rows[0]).toEqual({
      rank_ub: 1,
      model: "m,1",
      rating: 1012.5,
      ci_lower: 990,
      ci_upper: 1030,
      num_battles: 20,
    });
    expect(j.fit).toEqual({
      iterations: 7,
      converged: true,
      bootstrap_nonconverged_rounds: 0,
      style_coefficients: [{ feature: "length", coef: 0.2, ci_lower: 0.1, ci_upper: 0.3, elo_per_sd: 35 }],
    });
  });

  it("CSV has one row per model with the metadata repeated, properly quoted", () => {
    const rows = parseCsv(leaderboardCsv(snapshot));
    expect(rows[0]).toEqual(LEADERBOARD_CSV_COLUMNS);
    expect(rows).toHaveLength(3);
    const rec = Object.fromEntries(rows[1].map((v, i) => [rows[0][i], v]));
    expect(rec).toMatchObject({
      model: "m,1",
      rating: "1012.5",
      snapshot_id: snapshot.id,
      votes_excluded: "4",
    });
    expect(JSON.parse(rec.params)).toEqual(snapshot.params);
    expect(rows[2][3]).toBe(""); // null CI
  });
});

describe("conditional requests", () => {
  const v = { etag: '"snap-json"', lastModified: snapshot.createdAt };
  const h = (init: Record<string, string>) => new Headers(init);

  it("If-None-Match: matching tag (weak or in a list, or *) gives 304", () => {
    expect(isNotModified(h({ "if-none-match": '"snap-json"' }), v)).toBe(true);
    expect(isNotModified(h({ "if-none-match": 'W/"snap-json"' }), v)).toBe(true);
    expect(isNotModified(h({ "if-none-match": '"other", "snap-json"' }), v)).toBe(true);
    expect(isNotModified(h({ "if-none-match": "*" }), v)).toBe(true);
    expect(isNotModified(h({ "if-none-match": '"snap-csv"' }), v)).toBe(false);
  });

  it("If-Modified-Since compares whole seconds and is ignored when If-None-Match is present", () => {
    const same = snapshot.createdAt.toUTCString();
    expect(isNotModified(h({ "if-modified-since": same }), v)).toBe(true);
    expect(isNotModified(h({ "if-modified-since": "Sat, 28 Feb 2026 10:00:00 GMT" }), v)).toBe(false);
    expect(isNotModified(h({ "if-modified-since": "garbage" }), v)).toBe(false);
    expect(isNotModified(h({ "if-none-match": '"x"', "if-modified-since": same }), v)).toBe(false);
    expect(isNotModified(h({}), v)).toBe(false);
  });

  it("sends ETag and Last-Modified", () => {
    expect(cacheHeaders(v)).toMatchObject({
      ETag: '"snap-json"',
      "Last-Modified": "Sun, 01 Mar 2026 10:00:00 GMT",
    });
  });
});
