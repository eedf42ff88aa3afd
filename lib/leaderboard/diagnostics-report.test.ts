import { describe, expect, it } from "vitest";
import { toColumns } from "@/lib/ratings/diagnostics/columns";
import { SIDE_FEATURE } from "@/lib/ratings/diagnostics/effects";
import type { DiagnosticVote } from "@/lib/ratings/diagnostics/types";
import { WorkerPool } from "@/lib/ratings/io/pool";
import { ratingsWorkerUrl } from "@/lib/ratings/io/worker-url";
import {
  computeDiagnostics,
  DEFAULT_DIAGNOSTICS_PARAMS,
  describeEffect,
  describeTrend,
  publicDiagnostics,
  REPORT_FEATURES,
} from "./diagnostics-report";

const f = (a: number, b: number): [number, number] => [a, b];

/** Left-clicking voters on three models; the newer half of the votes has the answer traits. */
function votes(n: number): DiagnosticVote[] {
  return Array.from({ length: n }, (_, k) => {
    const models = ["m0", "m1", "m2"];
    const shownLeft = k % 2 === 0 ? "a" : "b";
    const features: Record<string, [number, number]> = {
      sum_assistant_tokens: f(100 + (k % 7) * 30, 100 + (k % 5) * 40),
      header_count: f(k % 3, 0),
      list_count: f(0, k % 2),
      bold_count: f(0, 0),
    };
    if (k >= n / 2)
      Object.assign(features, {
        hedge_rate: f(k % 4, 1),
        refusal: f(0, 0),
        link_count: f(k % 2, 0),
        language_match: f(1, 1),
      });
    return {
      modelA: models[k % 3],
      modelB: models[(k + 1) % 3],
      outcome: shownLeft === "a" ? "model_a" : "model_b",
      shownLeft,
      at: Date.UTC(2026, 11, 3) + k * 1000,
      voterId: `v${k % 4}`,
      timeToVoteMs: 500,
      features,
    };
  });
}

describe("diagnostics report", () => {
  const report = computeDiagnostics("overall", votes(240));
  it("assembles every diagnostic and keeps voter quality out of the public part", () => {
    expect(report.numVotes).toBe(240);
    expect(report.positionBias.overall.p).toBe(1);
    expect(report.sideControlled?.leftAdvantage?.points).toBeGreaterThan(100);
    expect(report.rankConfidence.rows.map((r) => r.model).sort()).toEqual(["m0", "m1", "m2"]);
    expect(report.holdout?.n).toBe(240);
    expect(report.voterQuality.map((v) => v.voterId).sort()).toEqual(["v0", "v1", "v2", "v3"]);
    expect(report.voterQuality[0].flags.join(" ")).toMatch(/left side 100%/);
    const pub = publicDiagnostics(report);
    expect("voterQuality" in pub).toBe(false);
    expect(JSON.stringify(pub)).not.toMatch(/"v0"/);
  });
  it("fits style over every vote and the traits over the votes that carry them", () => {
    const by = Object.fromEntries(report.effects.map((e) => [e.feature, e]));
    expect(by.sum_assistant_tokens.n).toBe(240);
    expect(by.hedge_rate.n).toBe(120);
    expect(by.refusal.constant).toBe(true);
    expect(by.bold_count.constant).toBe(true);
    expect(by[SIDE_FEATURE].eloPerSd).toBe(report.sideControlled?.leftAdvantage?.points);
    expect(report.params).toEqual(DEFAULT_DIAGNOSTICS_PARAMS);
  });
  it("explains each effect in words", () => {
    const base = { mean: 0, n: 500, constant: false };
    expect(
      describeEffect({
        ...base,
        feature: "sum_assistant_tokens",
        eloPerSd: 42.4,
        ciLower: 30,
        ciUpper: 55,
        sd: 0.3,
      }),
    ).toBe(
      "An answer 1.9× as long as the other gains about 42 rating points (95% interval 30 to 55), over 500 votes. The interval excludes zero: voters reward this beyond quality.",
    );
    expect(
      describeEffect({ ...base, feature: "refusal", eloPerSd: -3.2, ciLower: -8, ciUpper: 1.5, sd: 0.2 }),
    ).toMatch(
      /^An answer that refuses, against one that does not, loses about 3\.2 rating points .* no clear effect\.$/,
    );
    expect(
      describeEffect({ ...base, feature: SIDE_FEATURE, eloPerSd: 20, ciLower: 5, ciUpper: 35, sd: 0.5 }),
    ).toMatch(
      /^The answer shown on the left gains about 20 rating points against the one on the right .*Position bias/,
    );
    expect(
      describeEffect({
        ...base,
        feature: "refusal",
        eloPerSd: 0,
        ciLower: null,
        ciUpper: null,
        sd: 0,
        constant: true,
      }),
    ).toMatch(/never differed/);
  });
  it("handles a category without votes", () => {
    const empty = computeDiagnostics("empty", []);
    expect(empty.rankConfidence.rows).toEqual([]);
    expect(empty.holdout).toBeNull();
    expect(empty.effects).toEqual([]);
    expect(empty.positionBias.overall.p).toBeNull();
  });
});

describe("effects over time in the report", () => {
  const effect = (eloPerSd: number, lo: number, hi: number) => ({
    feature: "sum_assistant_tokens",
    eloPerSd,
    ciLower: lo,
    ciUpper: hi,
    mean: 0,
    sd: 0.3,
    n: 400,
    constant: false,
  });
  const window = (day: number, e: ReturnType<typeof effect>) => ({
    from: Date.UTC(2026, 10, day),
    to: Date.UTC(2026, 10, day + 6),
    n: 400,
    effects: [e],
  });

  it("says when the preference reversed, and when the intervals overlap", () => {
    const flipped = describeTrend("sum_assistant_tokens", [
      window(1, effect(40, 20, 60)),
      window(8, effect(5, -15, 25)),
      window(15, effect(-35, -55, -15)),
    ]);
    expect(flipped).toMatch(/^Answer length: \+40 rating points .* 2026-11-01 to 2026-11-07/);
    expect(flipped).toMatch(/−35 in those of 2026-11-15/);
    expect(flipped).toMatch(/over 3 windows\. .*sign changed/);
    expect(
      describeTrend("sum_assistant_tokens", [window(1, effect(10, -5, 25)), window(8, effect(-4, -20, 12))]),
    ).toMatch(/overlap: no clear change/);
    expect(describeTrend("sum_assistant_tokens", [window(1, effect(10, -5, 25))])).toBeNull();
  });

  it("is in the report (and its public part), empty below two windows' worth of votes", () => {
    const few = computeDiagnostics("overall", votes(40));
    expect(few.effectsOverTime.windows).toEqual([]);
    expect(publicDiagnostics(few).effectsOverTime.params.minWindowVotes).toBe(300);
  });
});

describe("diagnostics on a worker thread", () => {
  it("computes the same report from the votes as columns as inline", async () => {
    const v = votes(600).map((x, k) => ({
      ...x,
      voterId: `voter-${k % 37}`,
      at: 1_700_000_000_000 + k * 1000,
    }));
    // One criterion with enough answers for a board, one without.
    const criterionVotes = v.slice(0, 150).map((x, k) => ({
      criterion: REPORT_FEATURES.criteria[0],
      modelA: x.modelA,
      modelB: x.modelB,
      outcome: k % 3 === 0 ? ("model_b" as const) : ("model_a" as const),
    }));
    const inline = computeDiagnostics("overall", v, DEFAULT_DIAGNOSTICS_PARAMS, criterionVotes);
    expect(inline.effectsOverTime.windows.length).toBeGreaterThanOrEqual(2);
    expect(inline.criteria.map((c) => c.status)).toContain("ok");
    expect(inline.voterQuality.length).toBeGreaterThan(0);
    const pool = new WorkerPool(ratingsWorkerUrl(), 1);
    try {
      const json = await pool.run<string>(0, {
        kind: "diagnostics",
        category: "overall",
        columns: toColumns(v, [...REPORT_FEATURES.style, ...REPORT_FEATURES.traits]),
        criterionVotes,
        params: DEFAULT_DIAGNOSTICS_PARAMS,
        features: REPORT_FEATURES,
      });
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(inline)));
    } finally {
      await pool.close();
    }
  });
});
