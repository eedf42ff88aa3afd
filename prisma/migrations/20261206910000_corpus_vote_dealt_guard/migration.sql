-- A corpus vote's two per-vote reads that duplicated what record_corpus_vote already has
-- (issue 11):
--
-- 1. Whether the battle still holds only the messages it was dealt with was two probes of
--    messages on every vote. Now a message added past those (a later turn or a second
--    attempt) clears the battle's deal measures as it is inserted, so the vote, finding
--    none, takes the general path (read, measure, record_vote) as before. Nothing in the
--    app adds messages to a corpus battle; live battles have no deal measures, so for
--    them the trigger's UPDATE matches no row.
CREATE FUNCTION "messages_dealt_measures_void"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "battles" SET "dealt_style_features" = NULL, "dealt_conv_metadata" = NULL
  WHERE "id" = NEW."battle_id" AND "dealt_conv_metadata" IS NOT NULL;
  RETURN NULL;
END $$;

CREATE TRIGGER "messages_dealt_measures_void" AFTER INSERT ON "messages"
FOR EACH ROW WHEN (NEW."turn" > 0 OR NEW."attempt" > 0)
EXECUTE FUNCTION "messages_dealt_measures_void"();

-- Battles that already hold such messages (none the app made) lose theirs now.
UPDATE "battles" b SET "dealt_style_features" = NULL, "dealt_conv_metadata" = NULL
WHERE b."dealt_conv_metadata" IS NOT NULL
  AND EXISTS (SELECT 1 FROM "messages" m WHERE m."battle_id" = b."id" AND (m."turn" > 0 OR m."attempt" > 0));

-- 2. votes_server_timing read the battle again for answers_complete_at: a vote that brings
--    its own measure (record_corpus_vote, from the battle row it holds locked, with the
--    same arithmetic) keeps it; every other insert is measured by the trigger as before.
CREATE OR REPLACE FUNCTION "votes_server_timing_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."server_time_to_vote_ms" IS NULL THEN
    SELECT floor(extract(epoch FROM clock_timestamp() - b."answers_complete_at") * 1000)::int
    INTO NEW."server_time_to_vote_ms"
    FROM "battles" b WHERE b."id" = NEW."battle_id";
  END IF;
  RETURN NEW;
END $$;

-- record_corpus_vote as in 20261205900000, without the messages probes and with the
-- server-side time to vote.
CREATE OR REPLACE FUNCTION "record_corpus_vote"(
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
                 "shown_left" TEXT, "model_a" JSON, "model_b" JSON)
LANGUAGE plpgsql AS $$
DECLARE
  b RECORD;
  v RECORD;
  ma JSON;
  mb JSON;
  excluded TEXT;
BEGIN
  SELECT bt."voter_id", bt."status", bt."mode", bt."shown_left", bt."leak_flags", bt."parent_battle_id",
         bt."dealt_style_features", bt."dealt_conv_metadata", bt."model_a_id", bt."model_b_id",
         bt."answers_complete_at"
  INTO b FROM "battles" bt WHERE bt."id" = p_battle FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::"Outcome", NULL::boolean, NULL::text, NULL::text, NULL::json, NULL::json;
    RETURN;
  END IF;
  IF b."voter_id" <> p_voter THEN
    RETURN QUERY SELECT 'forbidden'::text, NULL::"Outcome", NULL::boolean, NULL::text, NULL::text, NULL::json, NULL::json;
    RETURN;
  END IF;
  -- A battle given any message past the ones it was dealt with has lost its deal measures
  -- (messages_dealt_measures_void, below), so it takes the general path.
  IF b."mode" <> 'corpus' OR b."dealt_conv_metadata" IS NULL OR b."parent_battle_id" IS NOT NULL
     OR jsonb_array_length(coalesce(b."leak_flags", '[]'::jsonb)) > 0 THEN
    RETURN QUERY SELECT 'general'::text, NULL::"Outcome", NULL::boolean, NULL::text, NULL::text, NULL::json, NULL::json;
    RETURN;
  END IF;
  IF b."status" IN ('pending', 'errored') THEN
    RETURN QUERY SELECT 'conflict'::text, NULL::"Outcome", NULL::boolean, NULL::text, NULL::text, NULL::json, NULL::json;
    RETURN;
  END IF;
  SELECT json_build_object('slug', m."slug", 'displayName', m."display_name", 'organization', m."organization")
  INTO ma FROM "models" m WHERE m."id" = b."model_a_id";
  SELECT json_build_object('slug', m."slug", 'displayName', m."display_name", 'organization', m."organization")
  INTO mb FROM "models" m WHERE m."id" = b."model_b_id";
  -- As record_vote: the voter's first address before the insert (whose trigger takes the
  -- voter row FOR SHARE), so the same voter's other vote cannot deadlock with it.
  IF p_ip_hash IS NOT NULL THEN
    UPDATE "voters" SET "ip_hash" = p_ip_hash WHERE "id" = p_voter AND "ip_hash" IS NULL;
  END IF;
  SELECT CASE WHEN vr."quarantined" THEN p_quarantined_reason END INTO excluded
  FROM "voters" vr WHERE vr."id" = p_voter;
  INSERT INTO "votes" ("battle_id", "voter_id", "outcome", "reasons", "rationale", "time_to_vote_ms",
                       "counts_for_public", "exclusion_reason", "style_features", "conv_metadata",
                       "ip_hash", "ua_hash", "ua_class", "server_time_to_vote_ms")
  VALUES (p_battle, p_voter,
          CASE WHEN b."shown_left" = 'a' THEN p_outcome_if_a_left ELSE p_outcome_if_b_left END,
          coalesce(p_reasons, '{}'), p_rationale, p_time_to_vote_ms, excluded IS NULL, excluded,
          b."dealt_style_features", b."dealt_conv_metadata", p_ip_hash, p_ua_hash, p_ua_class,
          -- As votes_server_timing measures it, from the row already locked here.
          floor(extract(epoch FROM clock_timestamp() - b."answers_complete_at") * 1000)::int)
  ON CONFLICT ("battle_id") DO NOTHING
  RETURNING "votes"."outcome", "votes"."counts_for_public", "votes"."exclusion_reason" INTO v;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'already_voted'::text, vt."outcome", vt."counts_for_public", vt."exclusion_reason",
                        b."shown_left"::text, ma, mb
                 FROM "votes" vt WHERE vt."battle_id" = p_battle;
    RETURN;
  END IF;
  UPDATE "battles" SET "status" = 'voted', "updated_at" = now() WHERE "id" = p_battle;
  RETURN QUERY SELECT 'ok'::text, v."outcome", v."counts_for_public", v."exclusion_reason", b."shown_left"::text, ma, mb;
END $$;
