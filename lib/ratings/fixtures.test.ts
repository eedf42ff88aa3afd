/**
 * Golden fixtures from an independent reference implementation (see __fixtures__/ and the
 * tolerances in ../shared/fixtures/ratings/README.md).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDataPresent } from "@/lib/testing/shared-data";
import {
  aggregateBattles,
  computeLeaderboard,
  computeStyleLeaderboard,
  type LeaderboardResult,
} from "./index";
import { arenaDir, fixturesDir, inputFile, readJsonl, toBattles, toStyleBattles } from "./test-utils";

interface ExpectedRow {
  model: string;
  rating: number;
  ci_lower?: number;
  ci_upper?: number;
  rank_ub?: number;
  num_battles: number;
}

interface Expected {
  leaderboard: ExpectedRow[];
  models: string[];
  win_rate_no_ties: (number | null)[][];
  battle_count: number[][];
  battle_count_no_ties: number[][];
  style_coefficients?: Record<string, number>;
  meta: { n_battles: number; n_self_battles_dropped: number; bootstrap_nonconverged_rounds?: number };
}

const expectedDir = path.join(fixturesDir, "expected");
const files = fs.readdirSync(expectedDir).filter((f) => f.endsWith(".json"));

const hasArena = sharedDataPresent(arenaDir, "the real-arena rating fixtures");

function run(name: string, kind: string): LeaderboardResult {
  const rows = readJsonl(inputFile(name)!);
  if (kind === "style_sandwich") return computeStyleLeaderboard(toStyleBattles(rows), { ci: "sandwich" });
  const counts = aggregateBattles(toBattles(rows));
  if (kind === "bt_boot1000") return computeLeaderboard(counts, { ci: "bootstrap", rounds: 1000, seed: 0 });
  if (kind === "bt_sandwich") return computeLeaderboard(counts, { ci: "sandwich" });
  if (kind === "ridge05") return computeLeaderboard(counts, { ci: "none", ridge: 0.5 });
  throw new Error(`unknown fixture kind ${kind}`);
}

/** rank_ub may only differ where some comparison it depends on is within `margin` points. */
function rankUbAgrees(
  exp: ExpectedRow[],
  got: Map<string, { rankUb: number }>,
  margin: (i: number, j: number) => number,
) {
  const bad: string[] = [];
  exp.forEach((row, i) => {
    const close = exp.some((o, j) => Math.abs(o.ci_lower! - row.ci_upper!) <= margin(i, j));
    if (!close && got.get(row.model)!.rankUb !== row.rank_ub) bad.push(row.model);
  });
  return bad;
}

describe.each(files)("fixture %s", (file) => {
  const [name, kind] = file.replace(/\.json$/, "").split(".");
  const available =
    inputFile(name) !== null || sharedDataPresent(path.join(arenaDir, `${name}.jsonl`), `fixture ${name}`);
  const exp = JSON.parse(fs.readFileSync(path.join(expectedDir, file), "utf8")) as Expected;
  const skipBoot = kind === "bt_boot1000" && (exp.meta.bootstrap_nonconverged_rounds ?? 0) > 0;

  it.skipIf(!available)("matches ratings (0.01), matrices (exact) and counts", () => {
    const res = run(name, kind);
    const got = new Map(res.leaderboard.map((r) => [r.model, r]));
    for (const e of exp.leaderboard) {
      const r = got.get(e.model)!;
      expect(Math.abs(r.rating - e.rating), e.model).toBeLessThan(0.01);
      expect(r.numBattles).toBe(e.num_battles);
    }
    expect(res.models).toEqual(exp.models);
    expect(res.winRateNoTies).toEqual(exp.win_rate_no_ties);
    expect(res.battleCount).toEqual(exp.battle_count);
    expect(res.battleCountNoTies).toEqual(exp.battle_count_no_ties);
    expect(res.meta.nBattles).toBe(exp.meta.n_battles);
    expect(res.meta.nSelfBattlesDropped).toBe(exp.meta.n_self_battles_dropped);
    expect(res.meta.converged).toBe(true);
    if (exp.style_coefficients) {
      for (const c of res.styleCoefficients!) {
        expect(Math.abs(c.coef - exp.style_coefficients[c.feature]), c.feature).toBeLessThan(1e-3);
      }
    }
  });

  if (kind.endsWith("sandwich")) {
    it.skipIf(!available)("matches sandwich bounds (0.01) and rank (UB)", () => {
      const res = run(name, kind);
      const got = new Map(res.leaderboard.map((r) => [r.model, r]));
      for (const e of exp.leaderboard) {
        const r = got.get(e.model)!;
        expect(Math.abs(r.ciLower! - e.ci_lower!), e.model).toBeLessThan(0.01);
        expect(Math.abs(r.ciUpper! - e.ci_upper!), e.model).toBeLessThan(0.01);
      }
      expect(rankUbAgrees(exp.leaderboard, got, () => 0.5)).toEqual([]);
    });
  }

  // Inputs whose reference had resamples without a finite MLE are skipped: their tails depend on the solver.
  if (kind === "bt_boot1000") {
    it.skipIf(!available || skipBoot)("bootstrap bounds within Monte-Carlo noise", () => {
      const res = run(name, kind);
      const got = new Map(res.leaderboard.map((r) => [r.model, r]));
      let rel = 0;
      for (const e of exp.leaderboard) {
        const r = got.get(e.model)!;
        const half = (e.ci_upper! - e.ci_lower!) / 2;
        rel += (Math.abs(r.ciLower! - e.ci_lower!) + Math.abs(r.ciUpper! - e.ci_upper!)) / (2 * half);
      }
      expect(rel / exp.leaderboard.length).toBeLessThan(0.1);
      // Our bounds legitimately differ by Monte-Carlo noise, so "close" is 10% of the half-widths, not 0.5.
      const half = exp.leaderboard.map((e) => (e.ci_upper! - e.ci_lower!) / 2);
      expect(rankUbAgrees(exp.leaderboard, got, (i, j) => Math.max(0.5, 0.1 * (half[i] + half[j])))).toEqual(
        [],
      );
    });
  }
});

describe("bootstrap on resamples without a finite MLE", () => {
  it.skipIf(!hasArena)("stays finite and reports the rounds (GenAI edition fixture)", () => {
    const res = run("genai_arena_20240220_edition", "bt_boot1000");
    expect(res.meta.bootstrapNonconvergedRounds).toBeGreaterThan(0);
    expect(res.meta.bootstrapSeparatedRounds).toBe(res.meta.bootstrapNonconvergedRounds);
    for (const r of res.leaderboard) {
      expect(Number.isFinite(r.ciLower!) && Number.isFinite(r.ciUpper!)).toBe(true);
      expect(r.ciUpper! - r.ciLower!).toBeLessThan(3000);
      expect(r.ciLower!).toBeLessThanOrEqual(r.rating);
      expect(r.ciUpper!).toBeGreaterThanOrEqual(r.rating);
    }
  });
});
