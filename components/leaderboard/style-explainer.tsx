import type { SnapshotStyleCoefficient } from "@/lib/ratings/snapshot";

const FEATURE_WORDS: Record<string, string> = {
  sum_assistant_tokens: "longer answers",
  header_count: "more markdown headers",
  list_count: "more list items",
  bold_count: "more bold text",
};

/** States each style coefficient as a sentence a non-statistician can read. */
export function StyleExplainer({ coefficients }: { coefficients: SnapshotStyleCoefficient[] }) {
  return (
    <section
      className="rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="style-explainer"
    >
      <h2 className="font-semibold">What style control removes</h2>
      <p className="mt-1 text-zinc-600 dark:text-zinc-400">
        Voters prefer some styles regardless of quality. The style-controlled ranking fits these effects next
        to the ratings, so a model does not climb just by being long or heavily formatted.
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {coefficients.map((c) => {
          const words = FEATURE_WORDS[c.feature] ?? c.feature;
          const significant = c.ciLower !== null && c.ciUpper !== null && (c.ciLower > 0 || c.ciUpper < 0);
          return (
            <li key={c.feature}>
              One standard deviation of {words} {c.eloPerSd >= 0 ? "adds" : "costs"} about{" "}
              <strong>{Math.abs(c.eloPerSd).toFixed(0)} rating points</strong> in a vote
              {significant ? "" : " (not distinguishable from zero at 95%)"}.
            </li>
          );
        })}
      </ul>
    </section>
  );
}
