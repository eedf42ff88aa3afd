// The votes_aggregate trigger's work for a whole table at once (the same statement as the
// vote_aggregates migration's backfill): bench seeders insert votes with the trigger off,
// because one trigger call per vote made seeding 1M votes take ~15 minutes.
export const BACKFILL_VOTE_AGGREGATES_SQL = `
  INSERT INTO vote_aggregates (category, model_a_id, model_b_id, outcome, counted, n, weight, idsum)
  SELECT t.tag, b.model_a_id, b.model_b_id, v.outcome, v.counts_for_public, count(*),
         sum(1.0 / b.pair_probability), sum(hashtext(v.id::text || v.outcome::text)::numeric)
  FROM votes v JOIN battles b ON b.id = v.battle_id
  CROSS JOIN LATERAL unnest(array_append(b.category_tags, 'overall')) AS t(tag)
  GROUP BY 1, 2, 3, 4, 5`;
