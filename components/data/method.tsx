/** The method in plain words; `ci`/`rounds` describe the latest published snapshot. */
export function Method({ ci, rounds }: { ci: string | null; rounds: number | null }) {
  return (
    <div className="prose prose-sm max-w-none dark:prose-invert">
      <ul>
        <li>
          <strong>Which votes count.</strong> Votes in anonymous and corpus battles, where the voter did not
          know the models. Left out of the leaderboard (but kept, and downloadable with “include excluded”):
          named battles, battles in which a model revealed its identity, votes from quarantined voters, and
          the other reasons counted above.
        </li>
        <li>
          <strong>Ratings.</strong> A Bradley-Terry model, fitted by maximum likelihood on the counted votes
          aggregated per pair of models: P(A beats B) = 1 / (1 + 10<sup>(R_B − R_A)/400</sup>). A tie or a
          “both bad” counts as half a win for each side. Ratings are on the Elo scale (400 points = 10:1
          odds); each connected group of models has mean 1000.
        </li>
        <li>
          <strong>Confidence intervals.</strong> 95% intervals by{" "}
          {ci === "sandwich"
            ? "the sandwich (robust) estimator"
            : `bootstrap: the counts are resampled${rounds ? ` ${rounds} times` : ""}, the model refitted each time, and the 2.5th and 97.5th percentiles kept`}
          . Rank (UB) is 1 + the number of models whose lower bound is above this model’s upper bound.
        </li>
        <li>
          <strong>Style control.</strong> People tend to prefer longer, more formatted answers. The
          style-controlled leaderboard (<code>kind=style</code>, when published) adds the difference in answer
          length and in markdown headers, list items and bold spans as covariates, each as (a − b) / (a + b +
          1), z-scored; the model coefficients are then the ratings with style held equal. The same counts are
          in the 140k-style dump’s <code>conv_metadata</code>.
        </li>
        <li>
          <strong>Reproducibility.</strong> Every published leaderboard is a stored snapshot carrying the hash
          of its vote set, its parameters and the code version; the API returns them with the ratings.
        </li>
      </ul>
    </div>
  );
}
