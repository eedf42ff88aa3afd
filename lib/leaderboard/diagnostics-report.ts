import { STYLE_FEATURES, TRAIT_FEATURES } from "@/lib/arena/style-of-battle";
import { CRITERION_IDS } from "@/lib/arena/vote-criteria";
import type { CriterionVote } from "@/lib/ratings/diagnostics/criteria";
import { type Effect, SIDE_FEATURE } from "@/lib/ratings/diagnostics/effects";
import type { EffectWindow } from "@/lib/ratings/diagnostics/effects-over-time";
import {
  computeReport,
  DEFAULT_DIAGNOSTICS_PARAMS,
  type DiagnosticsParams,
  type DiagnosticsReport,
  type ReportFeatures,
} from "@/lib/ratings/diagnostics/report";
import type { DiagnosticVote } from "@/lib/ratings/diagnostics/types";

export {
  DEFAULT_DIAGNOSTICS_PARAMS,
  DIAGNOSTICS_VERSION,
  type DiagnosticsParams,
  type DiagnosticsReport,
} from "@/lib/ratings/diagnostics/report";

/** The covariates the report fits and the criteria it boards, by name. */
export const REPORT_FEATURES: ReportFeatures = {
  style: STYLE_FEATURES,
  traits: TRAIT_FEATURES,
  criteria: CRITERION_IDS,
};

/** The public part of a report (voter quality is for maintainers). */
export type PublicDiagnostics = Omit<DiagnosticsReport, "voterQuality">;

export function publicDiagnostics(report: DiagnosticsReport): PublicDiagnostics {
  const { voterQuality: _, ...rest } = report;
  return rest;
}

/**
 * Every diagnostic of one category's counted votes, on this thread (see
 * lib/ratings/diagnostics/report.ts; lib/leaderboard/diagnostics-job.ts runs large ones on a worker).
 */
export function computeDiagnostics(
  category: string,
  votes: readonly DiagnosticVote[],
  params: DiagnosticsParams = DEFAULT_DIAGNOSTICS_PARAMS,
  criterionVotes: readonly CriterionVote[] = [],
): DiagnosticsReport {
  return computeReport(category, votes, params, REPORT_FEATURES, criterionVotes);
}

const FEATURE_WORDS: Record<string, { name: string; contrast: string }> = {
  sum_assistant_tokens: { name: "Answer length", contrast: "A longer answer (by one typical difference)" },
  header_count: {
    name: "Markdown headers",
    contrast: "An answer with more headers (by one typical difference)",
  },
  list_count: { name: "List items", contrast: "An answer with more list items (by one typical difference)" },
  bold_count: { name: "Bold text", contrast: "An answer with more bold text (by one typical difference)" },
  hedge_rate: {
    name: "Hedging",
    contrast: "A more hedged answer (might, perhaps, I think…; by one typical difference)",
  },
  refusal: { name: "Refusing", contrast: "An answer that refuses, against one that does not," },
  link_count: {
    name: "Links and citations",
    contrast: "An answer with more links or citations (by one typical difference)",
  },
  language_match: {
    name: "Answering in the prompt's language",
    contrast: "An answer in the prompt's language, against one that is not,",
  },
  [SIDE_FEATURE]: { name: "Shown on the left", contrast: "The answer shown on the left" },
};

export function effectName(feature: string): string {
  return FEATURE_WORDS[feature]?.name ?? feature;
}

const points = (x: number) => `${Math.abs(x) < 9.5 ? x.toFixed(1) : Math.round(x)}`;

/**
 * One plain sentence per effect: direction, size in rating points and whether the 95%
 * interval rules out zero. The covariate is (A − B)/(A + B + 1) z-scored, so "one standard
 * deviation" is stated in the covariate's own terms where that is meaningful.
 */
export function describeEffect(e: Effect): string {
  const w = FEATURE_WORDS[e.feature] ?? { name: e.feature, contrast: `An answer with more ${e.feature}` };
  if (e.constant)
    return `${w.name}: never differed between the two answers in these ${e.n} votes, so its effect cannot be measured.`;
  const sure = e.ciLower !== null && e.ciUpper !== null && (e.ciLower > 0 || e.ciUpper < 0);
  const ci =
    e.ciLower !== null && e.ciUpper !== null
      ? ` (95% interval ${points(e.ciLower)} to ${points(e.ciUpper)})`
      : "";
  const dir = e.eloPerSd >= 0 ? "gains" : "loses";
  let contrast: string;
  if (e.feature === "sum_assistant_tokens" && e.sd > 0 && e.sd < 1) {
    // x = (A − B)/(A + B + 1) ≈ (A − B)/(A + B): one SD apart means A/B = (1 + sd)/(1 − sd).
    const ratio = (1 + e.sd) / (1 - e.sd);
    contrast = `An answer ${ratio.toFixed(1)}× as long as the other`;
  } else if (e.feature === SIDE_FEATURE) {
    const verdict = sure ? "Position bias: the interval excludes zero." : "No clear position bias.";
    return `The answer shown on the left ${dir} about ${points(Math.abs(e.eloPerSd))} rating points against the one on the right${ci}, over ${e.n} votes. ${verdict}`;
  } else {
    contrast = w.contrast;
  }
  const verdict = sure
    ? "The interval excludes zero: voters reward this beyond quality."
    : "The interval includes zero: no clear effect.";
  return `${contrast} ${dir} about ${points(Math.abs(e.eloPerSd))} rating points${ci}, over ${e.n} votes. ${verdict}`;
}

/**
 * One covariate's course over the windows in a sentence: the first and last windows' effects
 * and whether their 95% intervals are apart (the preference changed) or overlap.
 */
export function describeTrend(feature: string, windows: readonly EffectWindow[]): string | null {
  const series = windows.flatMap((w) => {
    const e = w.effects.find((x) => x.feature === feature && !x.constant);
    return e ? [{ w, e }] : [];
  });
  if (series.length < 2) return null;
  const first = series[0];
  const last = series[series.length - 1];
  const signed = (x: number) => `${x >= 0 ? "+" : "−"}${points(Math.abs(x))}`;
  const ci = (e: Effect) =>
    e.ciLower !== null && e.ciUpper !== null
      ? ` (95% interval ${points(e.ciLower)} to ${points(e.ciUpper)})`
      : "";
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const apart =
    first.e.ciLower !== null &&
    first.e.ciUpper !== null &&
    last.e.ciLower !== null &&
    last.e.ciUpper !== null &&
    (first.e.ciLower > last.e.ciUpper || last.e.ciLower > first.e.ciUpper);
  const flipped = Math.sign(first.e.eloPerSd) !== Math.sign(last.e.eloPerSd);
  const verdict = apart
    ? flipped
      ? "The intervals do not overlap and the sign changed: voters' preference reversed."
      : "The intervals do not overlap: the effect changed."
    : "The intervals overlap: no clear change.";
  return `${effectName(feature)}: ${signed(first.e.eloPerSd)} rating points per typical difference in the votes of ${day(first.w.from)} to ${day(first.w.to)}${ci(first.e)}, ${signed(last.e.eloPerSd)} in those of ${day(last.w.from)} to ${day(last.w.to)}${ci(last.e)}, over ${series.length} windows. ${verdict}`;
}
