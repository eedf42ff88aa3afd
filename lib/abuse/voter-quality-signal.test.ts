import { describe, expect, it } from "vitest";
import type { DiagnosticVote } from "@/lib/ratings/diagnostics/types";
import { voterQuality } from "@/lib/ratings/diagnostics/voter-quality";
import { Xoshiro128 } from "@/lib/ratings/rng";
import { decide } from "./policy";
import { lowQualitySignal } from "./voter-quality-signal";

const TRUTH: Record<string, number> = { m1: 1300, m2: 1150, m3: 1000, m4: 850, m5: 700 };
const pWin = (ra: number, rb: number) => 1 / (1 + 10 ** ((rb - ra) / 400));

type Style = "honest" | "clicker" | "contrarian";

/**
 * A crowd on five models of known strength. Honest voters follow the true odds and take
 * time that grows with the answers' length (≈ 25 tokens a second plus a pause); the clicker
 * always picks the left answer within a second; the contrarian reads, but picks the weaker
 * model 90% of the time.
 */
function votes(style: Style, voterId: string, n: number, rng: Xoshiro128): DiagnosticVote[] {
  const models = Object.keys(TRUTH);
  return Array.from({ length: n }, (_, k) => {
    const i = Math.floor(rng.nextFloat() * 5);
    const j = (i + 1 + Math.floor(rng.nextFloat() * 4)) % 5;
    const [ta, tb] = [100 + Math.floor(rng.nextFloat() * 900), 100 + Math.floor(rng.nextFloat() * 900)];
    const shownLeft = rng.nextFloat() < 0.5 ? "a" : "b";
    const p = pWin(TRUTH[models[i]], TRUTH[models[j]]);
    let aWins: boolean;
    if (style === "clicker") aWins = shownLeft === "a";
    else if (style === "contrarian") aWins = rng.nextFloat() < 0.9 ? p < 0.5 : p >= 0.5;
    else aWins = rng.nextFloat() < p;
    const ms =
      style === "clicker"
        ? 400 + rng.nextFloat() * 600
        : 3000 + ((ta + tb) / 25) * 1000 * (0.8 + 0.4 * rng.nextFloat());
    return {
      modelA: models[i],
      modelB: models[j],
      outcome: aWins ? "model_a" : "model_b",
      shownLeft,
      at: Date.UTC(2026, 11, 1) + k * 60_000,
      voterId,
      timeToVoteMs: ms,
      features: { sum_assistant_tokens: [ta, tb] },
    } satisfies DiagnosticVote;
  });
}

describe("low voter quality as an abuse signal", () => {
  const rng = new Xoshiro128(11);
  const all = [
    ...Array.from({ length: 20 }, (_, v) => votes("honest", `honest${v}`, 40, rng)).flat(),
    ...votes("clicker", "clicker", 40, rng),
    ...votes("contrarian", "contrarian", 40, rng),
  ];
  const rows = voterQuality(all, new Map(Object.entries(TRUTH)));
  const signal = (id: string) => lowQualitySignal(rows.find((r) => r.voterId === id)!);

  it("the clicker shows two signs (not reading, same-side streak) and is suggested, never auto-quarantined", () => {
    const s = signal("clicker");
    expect(s.detail.signs).toEqual(
      expect.arrayContaining(["votes faster than reading, whatever the length"]),
    );
    expect(s.score).toBeGreaterThanOrEqual(2);
    const verdict = decide([s]);
    expect(verdict.quarantine).toBeNull();
    expect(verdict.findings.map((f) => f.level)).toEqual(["suggest"]);
  });

  it("the contrarian votes against the ratings (one sign: shown, but no suggestion alone)", () => {
    const s = signal("contrarian");
    expect(s.detail.signs).toEqual(["votes against the fitted ratings"]);
    expect(decide([s]).findings).toEqual([]);
  });

  it("honest voters show no sign", () => {
    for (let v = 0; v < 20; v++) expect(signal(`honest${v}`).score, `honest${v}`).toBe(0);
  });

  it("too few votes never suggest, whatever the signs", () => {
    const few = voterQuality(votes("clicker", "c", 15, new Xoshiro128(2)), new Map(Object.entries(TRUTH)));
    const s = lowQualitySignal(few[0]);
    expect(s.n).toBe(15);
    expect(decide([s]).findings).toEqual([]);
  });
});
