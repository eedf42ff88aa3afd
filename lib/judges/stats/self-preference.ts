import type { Rng } from "@/lib/ratings/rng";
import { bootstrapEstimate, DEFAULT_ROUNDS } from "./bootstrap";
import { type Estimate, type JudgedBattle, parsedVerdicts, scoreA } from "./types";

export interface SelfPreference {
  family: string | null;
  /** Battles where exactly one side is of the judge's family and the judge gave a verdict. */
  n: number;
  /** Share of the win the judge gives its own family's side (ties and both bad: ½). */
  judgeOwnRate: number;
  /** The same from the human votes on the same battles. */
  humanOwnRate: number;
  /** judgeOwnRate − humanOwnRate: how much more the judge favours its own family than people do. */
  delta: Estimate;
}

const norm = (f: string | null) => f?.trim().toLowerCase() || null;

interface OwnSide {
  judge: number;
  human: number;
}

function ownSides(battles: readonly JudgedBattle[], family: string): OwnSide[] {
  const out: OwnSide[] = [];
  for (const b of battles) {
    const a = norm(b.familyA) === family;
    const bb = norm(b.familyB) === family;
    if (a === bb) continue;
    const verdicts = parsedVerdicts(b);
    if (verdicts.length === 0) continue;
    const judgeA = verdicts.reduce((s, v) => s + scoreA(v.verdict), 0) / verdicts.length;
    const humanA = scoreA(b.human);
    out.push(a ? { judge: judgeA, human: humanA } : { judge: 1 - judgeA, human: 1 - humanA });
  }
  return out;
}

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length;

/** How much more the judge favours its own model family than humans do, on the same battles. */
export function selfPreference(
  battles: readonly JudgedBattle[],
  judgeFamily: string | null,
  rng: Rng,
  rounds = DEFAULT_ROUNDS,
): SelfPreference {
  const family = norm(judgeFamily);
  const own = family ? ownSides(battles, family) : [];
  const delta = (s: readonly OwnSide[]) => mean(s.map((o) => o.judge - o.human));
  return {
    family,
    n: own.length,
    judgeOwnRate: mean(own.map((o) => o.judge)),
    humanOwnRate: mean(own.map((o) => o.human)),
    delta: bootstrapEstimate(own, delta, rng, rounds),
  };
}
