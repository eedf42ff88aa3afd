import { type Proportion, proportion } from "./proportion";
import { type DiagnosticVote, winningSide } from "./types";

export interface PositionBias {
  /** P(the left answer wins | the vote is decisive), all votes. */
  overall: Proportion;
  /** The same over each model's battles (either side), busiest model first. */
  perModel: ({ model: string } & Proportion)[];
  /** The same per time bucket (start of the bucket, ms), oldest first; votes without a time are left out. */
  overTime: ({ from: number } & Proportion)[];
}

/**
 * Position bias as the share of decisive votes won by the left answer. Sides are fair coins
 * at deal time, so without bias this is ½ whatever the models; a crowd that always clicks
 * left gives ≈ 1. Ties and both-bad say nothing about sides and are left out.
 */
export function positionBias(
  votes: readonly DiagnosticVote[],
  { bucketMs = 86_400_000 }: { bucketMs?: number } = {},
): PositionBias {
  let n = 0;
  let left = 0;
  const perModel = new Map<string, [number, number]>();
  const perBucket = new Map<number, [number, number]>();
  const bump = (map: Map<string | number, [number, number]>, key: string | number, isLeft: boolean) => {
    const c = map.get(key) ?? [0, 0];
    c[0]++;
    if (isLeft) c[1]++;
    map.set(key, c);
  };
  for (const v of votes) {
    const side = winningSide(v);
    if (side === null) continue;
    const isLeft = side === "left";
    n++;
    if (isLeft) left++;
    bump(perModel as Map<string | number, [number, number]>, v.modelA, isLeft);
    if (v.modelB !== v.modelA) bump(perModel as Map<string | number, [number, number]>, v.modelB, isLeft);
    if (v.at !== undefined && Number.isFinite(v.at)) {
      bump(
        perBucket as Map<string | number, [number, number]>,
        Math.floor(v.at / bucketMs) * bucketMs,
        isLeft,
      );
    }
  }
  return {
    overall: proportion(left, n),
    perModel: [...perModel]
      .map(([model, [t, l]]) => ({ model, ...proportion(l, t) }))
      .sort((x, y) => y.n - x.n || x.model.localeCompare(y.model)),
    overTime: [...perBucket]
      .sort((x, y) => x[0] - y[0])
      .map(([from, [t, l]]) => ({ from, ...proportion(l, t) })),
  };
}

/** The side covariate of a battle, per side (A, B): 1 on the side shown left. */
export function sideFeature(shownLeft: "a" | "b"): [number, number] {
  return shownLeft === "a" ? [1, 0] : [0, 1];
}
