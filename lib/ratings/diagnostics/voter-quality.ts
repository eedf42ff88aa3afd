import { type DiagnosticVote, winningSide } from "./types";

export interface VoterQuality {
  voterId: string;
  votes: number;
  /** Votes with a winner (ties and both-bad left out). */
  decisive: number;
  /** Share of decisive votes whose winner the fit favoured, and the share a voter following the fit's odds would reach. */
  agreement: number | null;
  expectedAgreement: number | null;
  /** (agreement − expected) in standard errors: strongly negative = votes against the consensus. */
  agreementZ: number | null;
  /** Share of decisive votes for the answer shown on the left / for the longer answer. */
  leftShare: number | null;
  longerShare: number | null;
  /** Longest run of consecutive decisive votes (by time) for the same side. */
  longestSideStreak: number;
  /** Median time to vote, and median time per 100 tokens of the two answers together. */
  medianMs: number | null;
  medianMsPer100Tokens: number | null;
  /** Share of timed votes faster than reading the answers at `readingTokensPerSecond`. */
  tooFastShare: number | null;
  /** Correlation of time-to-vote with total answer length: a reader's is positive, a clicker's ≈ 0. */
  timeLengthCorrelation: number | null;
  /** Plain-words reasons a maintainer may want to look (nothing is done automatically here). */
  flags: string[];
}

export interface VoterQualityOptions {
  /** Voters with fewer votes are not reported. */
  minVotes?: number;
  /** Generous skim speed: faster than this, a voter cannot have read both answers. */
  readingTokensPerSecond?: number;
  /** The answer-length covariate in DiagnosticVote.features. */
  lengthFeature?: string;
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
};

function pearson(x: number[], y: number[]): number | null {
  const n = x.length;
  if (n < 3) return null;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/**
 * Per-voter quality signals from the votes and the fit's ratings (Elo scale): agreement
 * with the fit's predictions against what the fit's own odds would give, side and length
 * habits, streaks and reading speed. A report for maintainers, which the abuse detectors'
 * quarantine can use; it decides nothing by itself.
 */
export function voterQuality(
  votes: readonly DiagnosticVote[],
  ratings: ReadonlyMap<string, number>,
  {
    minVotes = 5,
    readingTokensPerSecond = 50,
    lengthFeature = "sum_assistant_tokens",
  }: VoterQualityOptions = {},
): VoterQuality[] {
  const byVoter = new Map<string, DiagnosticVote[]>();
  for (const v of votes) {
    if (!v.voterId) continue;
    const list = byVoter.get(v.voterId);
    if (list) list.push(v);
    else byVoter.set(v.voterId, [v]);
  }
  const out: VoterQuality[] = [];
  for (const [voterId, list] of byVoter) {
    if (list.length < minVotes) continue;
    list.sort((x, y) => (x.at ?? 0) - (y.at ?? 0));
    let decisive = 0;
    let predicted = 0;
    let agreed = 0;
    let expected = 0;
    let variance = 0;
    let left = 0;
    let longerKnown = 0;
    let longer = 0;
    let streak = 0;
    let longest = 0;
    let lastSide: string | null = null;
    const times: number[] = [];
    const perTokens: number[] = [];
    const lengths: number[] = [];
    const timedLengths: number[] = [];
    let tooFast = 0;
    for (const v of list) {
      const len = v.features?.[lengthFeature];
      if (typeof v.timeToVoteMs === "number" && v.timeToVoteMs >= 0) {
        times.push(v.timeToVoteMs);
        if (len) {
          const total = len[0] + len[1];
          lengths.push(total);
          timedLengths.push(v.timeToVoteMs);
          if (total > 0) perTokens.push((v.timeToVoteMs * 100) / total);
          if (v.timeToVoteMs < (total / readingTokensPerSecond) * 1000) tooFast++;
        }
      }
      const side = winningSide(v);
      if (side === null) continue;
      decisive++;
      if (side === "left") left++;
      streak = side === lastSide ? streak + 1 : 1;
      lastSide = side;
      longest = Math.max(longest, streak);
      const aWon = v.outcome === "model_a";
      if (len && len[0] !== len[1]) {
        longerKnown++;
        if (aWon === len[0] > len[1]) longer++;
      }
      const ra = ratings.get(v.modelA);
      const rb = ratings.get(v.modelB);
      if (ra !== undefined && rb !== undefined && ra !== rb) {
        const pa = 1 / (1 + 10 ** ((rb - ra) / 400));
        const fav = Math.max(pa, 1 - pa);
        predicted++;
        expected += fav;
        variance += fav * (1 - fav);
        if (aWon === pa > 0.5) agreed++;
      }
    }
    const agreement = predicted > 0 ? agreed / predicted : null;
    const expectedAgreement = predicted > 0 ? expected / predicted : null;
    const agreementZ = predicted > 0 && variance > 0 ? (agreed - expected) / Math.sqrt(variance) : null;
    const leftShare = decisive > 0 ? left / decisive : null;
    const longerShare = longerKnown > 0 ? longer / longerKnown : null;
    const tooFastShare = lengths.length > 0 ? tooFast / lengths.length : null;
    const flags: string[] = [];
    if (decisive >= 10 && leftShare !== null && (leftShare >= 0.9 || leftShare <= 0.1))
      flags.push(
        `picks the ${leftShare >= 0.9 ? "left" : "right"} side ${Math.round(Math.max(leftShare, 1 - leftShare) * 100)}% of the time`,
      );
    if (longerKnown >= 10 && longerShare !== null && longerShare >= 0.9)
      flags.push(`picks the longer answer ${Math.round(longerShare * 100)}% of the time`);
    if (agreementZ !== null && predicted >= 10 && agreementZ <= -3)
      flags.push("votes against the consensus far more than chance");
    if (tooFastShare !== null && lengths.length >= 5 && tooFastShare >= 0.5)
      flags.push(`${Math.round(tooFastShare * 100)}% of votes faster than reading speed`);
    if (longest >= 15) flags.push(`${longest} votes in a row for the same side`);
    out.push({
      voterId,
      votes: list.length,
      decisive,
      agreement,
      expectedAgreement,
      agreementZ,
      leftShare,
      longerShare,
      longestSideStreak: longest,
      medianMs: median(times),
      medianMsPer100Tokens: median(perTokens),
      tooFastShare,
      timeLengthCorrelation: pearson(lengths, timedLengths),
      flags,
    });
  }
  return out.sort((x, y) => y.flags.length - x.flags.length || (x.agreementZ ?? 0) - (y.agreementZ ?? 0));
}
