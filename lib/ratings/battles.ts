import { PairBuilder, type PairData } from "./pairs";
import { type Battle, isOutcome, type Outcome, type PairCount } from "./types";

export const WINNER_CODE: Record<Outcome, number> = { model_a: 0, model_b: 1, tie: 2, "tie (bothbad)": 3 };

/** Categories are filters applied before the fit; the engine never assumes it sees every vote. */
export function filterBattles<T extends Battle>(
  battles: readonly T[],
  predicate: (battle: T) => boolean,
): T[] {
  return battles.filter(predicate);
}

function checkOutcome(outcome: unknown, where: string): Outcome {
  if (!isOutcome(outcome)) {
    throw new Error(
      `${where}: unknown outcome ${JSON.stringify(outcome)} (expected model_a, model_b, tie or "tie (bothbad)")`,
    );
  }
  return outcome;
}

export function checkProbability(p: unknown, where: string): number {
  if (typeof p !== "number" || !(p > 0 && p <= 1)) {
    throw new Error(`${where}: sampling_probability must be a number in (0, 1], got ${JSON.stringify(p)}`);
  }
  return p;
}

/** Groups votes into (modelA, modelB, outcome) counts — what a SQL GROUP BY would return. */
export function aggregateBattles(battles: readonly Battle[]): PairCount[] {
  const map = new Map<string, PairCount>();
  battles.forEach((b, k) => {
    const outcome = checkOutcome(b.outcome, `battle ${k}`);
    const key = JSON.stringify([b.modelA, b.modelB, outcome]);
    let row = map.get(key);
    if (!row) {
      row = { modelA: b.modelA, modelB: b.modelB, outcome, count: 0 };
      map.set(key, row);
    }
    row.count++;
    if (b.samplingProbability !== undefined) {
      const w = 1 / checkProbability(b.samplingProbability, `battle ${k}`);
      row.weight = (row.weight ?? 0) + w;
      row.weightSq = (row.weightSq ?? 0) + w * w;
    }
  });
  return [...map.values()];
}

export function pairDataFromCounts(counts: readonly PairCount[], ipw: boolean): PairData {
  const builder = new PairBuilder(ipw);
  counts.forEach((c, k) => {
    const where = `counts[${k}]`;
    const outcome = checkOutcome(c.outcome, where);
    if (typeof c.modelA !== "string" || typeof c.modelB !== "string" || !c.modelA || !c.modelB) {
      throw new Error(`${where}: modelA and modelB must be non-empty strings`);
    }
    if (!Number.isInteger(c.count) || c.count < 0)
      throw new Error(`${where}: count must be a non-negative integer`);
    if (c.count === 0) return;
    let weight = c.count;
    let weightSq = c.count;
    if (ipw) {
      if (c.weight === undefined || !(c.weight > 0)) throw new Error(`${where}: ipw needs a positive weight`);
      weight = c.weight;
      weightSq = c.weightSq ?? (c.weight * c.weight) / c.count;
    }
    builder.add(
      builder.modelId(c.modelA),
      builder.modelId(c.modelB),
      WINNER_CODE[outcome],
      c.count,
      weight,
      weightSq,
    );
  });
  return builder.build();
}
