import type { SnapshotMatrices } from "@/lib/ratings/snapshot";

export interface OpponentRecord {
  opponent: string;
  wins: number;
  ties: number;
  losses: number;
  /** Wins / (wins + losses); ties left out, as in the field's win-rate matrix. */
  winRate: number | null;
  /** 95% Wilson score interval of winRate. */
  ciLower: number | null;
  ciUpper: number | null;
  predicted: number | null;
}

const Z = 1.959964;

/** Wilson score interval: stays inside [0, 1] and behaves at 0 or n wins, unlike the normal approximation. */
export function wilsonInterval(successes: number, n: number, z = Z): [number, number] | null {
  if (n <= 0) return null;
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** A model's record against every opponent it met, derived from a snapshot's matrices. */
export function opponentRecords(m: SnapshotMatrices, model: string): OpponentRecord[] {
  const i = m.models.indexOf(model);
  if (i < 0) return [];
  const out: OpponentRecord[] = [];
  m.models.forEach((opponent, j) => {
    if (j === i || m.battleCount[i][j] === 0) return;
    const decisive = m.battleCountNoTies[i][j];
    const wins = Math.round((m.winRateNoTies[i][j] ?? 0) * decisive);
    const ci = wilsonInterval(wins, decisive);
    out.push({
      opponent,
      wins,
      losses: decisive - wins,
      ties: m.battleCount[i][j] - decisive,
      winRate: decisive > 0 ? wins / decisive : null,
      ciLower: ci?.[0] ?? null,
      ciUpper: ci?.[1] ?? null,
      predicted: m.predictedWinRate[i][j],
    });
  });
  return out.sort((a, b) => b.wins + b.ties + b.losses - (a.wins + a.ties + a.losses));
}
