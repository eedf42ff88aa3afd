// Diagnostic votes as columns of typed arrays, to hand a large category to a worker thread:
// posting a million vote objects would clone them one by one on the sending thread.
import { OUTCOMES } from "../prompt-index";
import type { DiagnosticVote } from "./types";

export interface DiagnosticColumns {
  n: number;
  models: string[];
  voters: string[];
  features: string[];
  modelA: Int32Array;
  modelB: Int32Array;
  /** Index in OUTCOMES. */
  outcome: Uint8Array;
  /** 1: side a was shown left. */
  aLeft: Uint8Array;
  /** NaN: unknown. */
  at: Float64Array;
  /** −1: unknown. */
  voter: Int32Array;
  /** NaN: unknown. */
  timeToVoteMs: Float64Array;
  /** 1: the vote has a features object (missing features inside it are NaN). */
  hasFeatures: Uint8Array;
  /** [vote][feature][side a, side b]. */
  featureValues: Float64Array;
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/** Builds columns one vote at a time (a database cursor's rows), without a vote object each. */
export class ColumnsBuilder {
  private n = 0;
  private readonly models: string[] = [];
  private readonly voters: string[] = [];
  private readonly modelIdx = new Map<string, number>();
  private readonly voterIdx = new Map<string, number>();
  private modelA = new Int32Array(1024);
  private modelB = new Int32Array(1024);
  private outcome = new Uint8Array(1024);
  private aLeft = new Uint8Array(1024);
  private at = new Float64Array(1024);
  private voter = new Int32Array(1024);
  private timeToVoteMs = new Float64Array(1024);
  private hasFeatures = new Uint8Array(1024);
  private featureValues: Float64Array;

  constructor(private readonly features: readonly string[]) {
    this.featureValues = new Float64Array(1024 * features.length * 2).fill(Number.NaN);
  }

  private intern(map: Map<string, number>, list: string[], value: string): number {
    let i = map.get(value);
    if (i === undefined) {
      i = list.length;
      list.push(value);
      map.set(value, i);
    }
    return i;
  }

  push(v: DiagnosticVote): void {
    const k = this.n++;
    const f = this.features.length;
    if (k >= this.modelA.length) {
      const need = k + 1;
      this.modelA = grow(this.modelA, need);
      this.modelB = grow(this.modelB, need);
      this.outcome = grow(this.outcome, need);
      this.aLeft = grow(this.aLeft, need);
      this.at = grow(this.at, need);
      this.voter = grow(this.voter, need);
      this.timeToVoteMs = grow(this.timeToVoteMs, need);
      this.hasFeatures = grow(this.hasFeatures, need);
      const old = this.featureValues.length;
      this.featureValues = grow(this.featureValues, this.modelA.length * f * 2);
      this.featureValues.fill(Number.NaN, old);
    }
    this.modelA[k] = this.intern(this.modelIdx, this.models, v.modelA);
    this.modelB[k] = this.intern(this.modelIdx, this.models, v.modelB);
    this.outcome[k] = OUTCOMES.indexOf(v.outcome);
    this.aLeft[k] = v.shownLeft === "a" ? 1 : 0;
    this.at[k] = v.at ?? Number.NaN;
    this.voter[k] = v.voterId === undefined ? -1 : this.intern(this.voterIdx, this.voters, v.voterId);
    this.timeToVoteMs[k] = v.timeToVoteMs ?? Number.NaN;
    if (v.features) {
      this.hasFeatures[k] = 1;
      for (let j = 0; j < f; j++) {
        const pair = v.features[this.features[j]];
        if (pair) {
          this.featureValues[(k * f + j) * 2] = pair[0];
          this.featureValues[(k * f + j) * 2 + 1] = pair[1];
        }
      }
    }
  }

  build(): DiagnosticColumns {
    const n = this.n;
    const f = this.features.length;
    return {
      n,
      models: this.models,
      voters: this.voters,
      features: [...this.features],
      modelA: this.modelA.slice(0, n),
      modelB: this.modelB.slice(0, n),
      outcome: this.outcome.slice(0, n),
      aLeft: this.aLeft.slice(0, n),
      at: this.at.slice(0, n),
      voter: this.voter.slice(0, n),
      timeToVoteMs: this.timeToVoteMs.slice(0, n),
      hasFeatures: this.hasFeatures.slice(0, n),
      featureValues: this.featureValues.slice(0, n * f * 2),
    };
  }
}

export function toColumns(
  votes: readonly DiagnosticVote[],
  featureNames: readonly string[],
): DiagnosticColumns {
  const b = new ColumnsBuilder(featureNames);
  for (const v of votes) b.push(v);
  return b.build();
}

export function fromColumns(cols: DiagnosticColumns): DiagnosticVote[] {
  const f = cols.features.length;
  const out: DiagnosticVote[] = new Array(cols.n);
  for (let k = 0; k < cols.n; k++) {
    const v: DiagnosticVote = {
      modelA: cols.models[cols.modelA[k]],
      modelB: cols.models[cols.modelB[k]],
      outcome: OUTCOMES[cols.outcome[k]],
      shownLeft: cols.aLeft[k] ? "a" : "b",
    };
    if (!Number.isNaN(cols.at[k])) v.at = cols.at[k];
    if (cols.voter[k] >= 0) v.voterId = cols.voters[cols.voter[k]];
    v.timeToVoteMs = Number.isNaN(cols.timeToVoteMs[k]) ? null : cols.timeToVoteMs[k];
    if (cols.hasFeatures[k]) {
      const features: Record<string, readonly [number, number]> = {};
      for (let j = 0; j < f; j++) {
        const a = cols.featureValues[(k * f + j) * 2];
        if (!Number.isNaN(a)) features[cols.features[j]] = [a, cols.featureValues[(k * f + j) * 2 + 1]];
      }
      v.features = features;
    }
    out[k] = v;
  }
  return out;
}
