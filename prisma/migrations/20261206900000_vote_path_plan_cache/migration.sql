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


-- A corpus vote that spends its own rate-limit points (lib/votes/cast.ts, when the limits
-- live in Postgres and no challenge check must come between): one statement and one commit
-- instead of two. The points are spent first, as lib/db/rate-limits.ts spendLimitsSql does
-- (rate-limiter-flexible's RateLimiterPostgres rows, keys in order so requests sharing keys
-- cannot deadlock); over any allowance, status 'rate_limited' and nothing else is written.
-- `spent` is every spent row as it now stands, for the caller's Retry-After. Otherwise it
-- is record_corpus_vote, unchanged (the 11-argument function stays for instances still
-- running the previous version).
CREATE FUNCTION "record_corpus_vote"(
  p_limit_keys TEXT[],
  p_limit_expires BIGINT[],
  p_limit_allowances INTEGER[],
  p_limit_now BIGINT,
  p_battle UUID,
  p_voter UUID,
  p_outcome_if_a_left "Outcome",
  p_outcome_if_b_left "Outcome",
  p_quarantined_reason TEXT,
  p_reasons TEXT[],
  p_rationale TEXT,
  p_time_to_vote_ms INTEGER,
  p_ip_hash TEXT,
  p_ua_hash TEXT,
  p_ua_class TEXT
) RETURNS TABLE ("status" TEXT, "outcome" "Outcome", "counts_for_public" BOOLEAN, "exclusion_reason" TEXT,
                 "shown_left" TEXT, "model_a" JSON, "model_b" JSON, "spent" JSON)
LANGUAGE plpgsql AS $$
DECLARE
  v_spent JSON;
  v_over BOOLEAN;
BEGIN
  WITH s AS (
    INSERT INTO "rate_limits" AS r ("key", "points", "expire")
    SELECT u.key, 1, u.expire FROM unnest(p_limit_keys, p_limit_expires) WITH ORDINALITY AS u(key, expire, i)
    ORDER BY u.i
    ON CONFLICT ("key") DO UPDATE SET
      "points" = CASE WHEN r."expire" <= p_limit_now THEN 1 ELSE r."points" + 1 END,
      "expire" = CASE WHEN r."expire" <= p_limit_now THEN EXCLUDED."expire" ELSE r."expire" END
    RETURNING r."key", r."points", r."expire")
  SELECT coalesce(json_agg(json_build_object('key', s."key", 'points', s."points", 'expire', s."expire")), '[]'),
         coalesce(bool_or(s."points" > a.allowance), false)
  INTO v_spent, v_over
  FROM s JOIN unnest(p_limit_keys, p_limit_allowances) AS a(key, allowance) ON a.key = s."key";
  IF v_over THEN
    RETURN QUERY SELECT 'rate_limited'::text, NULL::"Outcome", NULL::boolean, NULL::text, NULL::text, NULL::json,
                        NULL::json, v_spent;
    RETURN;
  END IF;
  RETURN QUERY
  SELECT v.*, v_spent
  FROM "record_corpus_vote"(p_battle, p_voter, p_outcome_if_a_left, p_outcome_if_b_left, p_quarantined_reason,
                            p_reasons, p_rationale, p_time_to_vote_ms, p_ip_hash, p_ua_hash, p_ua_class) AS v;
END $$;
