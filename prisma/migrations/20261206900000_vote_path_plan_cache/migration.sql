-- The vote path's per-row work, made cheaper (issue 11).
--
-- vote_aggregates_apply and vote_exclusion_counts_apply were LANGUAGE sql functions
-- called with PERFORM from row triggers: PostgreSQL 15 plans such a body afresh on every
-- call (~0.5 ms of a vote's 2 ms in record_corpus_vote). The same statements in PL/pgSQL
-- keep their plans for the session. Bodies, signatures and results are unchanged.
CREATE OR REPLACE FUNCTION "vote_aggregates_apply"(p_battle UUID, p_vote UUID, p_outcome "Outcome", p_counted BOOLEAN, p_sign INTEGER)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "vote_aggregates" ("category", "model_a_id", "model_b_id", "outcome", "counted", "n", "weight", "idsum")
  SELECT t.tag, b."model_a_id", b."model_b_id", p_outcome, p_counted, p_sign,
         p_sign / b."pair_probability", p_sign * hashtext(p_vote::text || p_outcome::text)::numeric
  FROM "battles" b
  CROSS JOIN LATERAL unnest(array_append(b."category_tags", 'overall')) AS t(tag)
  WHERE b."id" = p_battle
  ON CONFLICT ("category", "model_a_id", "model_b_id", "outcome", "counted") DO UPDATE
  SET "n" = "vote_aggregates"."n" + EXCLUDED."n",
      "weight" = "vote_aggregates"."weight" + EXCLUDED."weight",
      "idsum" = "vote_aggregates"."idsum" + EXCLUDED."idsum";
END $$;

CREATE OR REPLACE FUNCTION "vote_exclusion_counts_apply"(p_battle UUID, p_reason TEXT, p_sign INTEGER)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "vote_exclusion_counts" ("category", "reason", "n")
  SELECT t.tag, p_reason, p_sign
  FROM "battles" b
  CROSS JOIN LATERAL unnest(array_append(b."category_tags", 'overall')) AS t(tag)
  WHERE b."id" = p_battle
  ON CONFLICT ("category", "reason") DO UPDATE SET "n" = "vote_exclusion_counts"."n" + EXCLUDED."n";
END $$;

-- A vote sets its battle's status (no index covers it): room left on each page lets that
-- update stay on the page (a HOT update) instead of a new row version in every index.
ALTER TABLE "battles" SET (fillfactor = 85);

