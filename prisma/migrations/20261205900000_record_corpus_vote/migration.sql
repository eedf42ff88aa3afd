-- A corpus battle's answers are fixed when it is dealt (no regeneration, no follow-up in
-- corpus mode), so what its vote must store about them — the style covariates and the
-- dumps' conv_metadata, measured in JavaScript (lib/export/as-seen.ts) — is measured at
-- the deal and kept on the battle. Its vote is then one statement with no read before
-- it: record_corpus_vote. Battles dealt before this migration, and every live battle,
-- take the general path (read, measure, record_vote).
ALTER TABLE "battles" ADD COLUMN "dealt_style_features" JSONB,
                      ADD COLUMN "dealt_conv_metadata" JSON;

-- status: ok | already_voted (the stored vote is returned) | not_found | forbidden |
-- conflict (answers not complete) | general (not a corpus battle measured at its deal,
-- or one with more messages than it was dealt with: use record_vote). The outcome is the caller's for either side shown left (the mapping
-- from the click stays in lib/arena/sides.ts), and so is the exclusion reason of a
-- quarantined voter (lib/arena/vote-rules.ts): a corpus battle has no named pair, no
-- parent and no leak findings (checked here), so that is the only rule left, and the
-- votes_quarantine trigger details it as on the general path.
CREATE FUNCTION "record_corpus_vote"(
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
         bt."dealt_style_features", bt."dealt_conv_metadata", bt."model_a_id", bt."model_b_id"
  INTO b FROM "battles" bt WHERE bt."id" = p_battle FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::"Outcome", NULL::boolean, NULL::text, NULL::text, NULL::json, NULL::json;
    RETURN;
  END IF;
  IF b."voter_id" <> p_voter THEN
    RETURN QUERY SELECT 'forbidden'::text, NULL::"Outcome", NULL::boolean, NULL::text, NULL::text, NULL::json, NULL::json;
    RETURN;
  END IF;
  IF b."mode" <> 'corpus' OR b."dealt_conv_metadata" IS NULL OR b."parent_battle_id" IS NOT NULL
     OR jsonb_array_length(coalesce(b."leak_flags", '[]'::jsonb)) > 0
     -- Still the one turn and the one attempt per side it was dealt with (nothing in the app
     -- adds to a corpus battle; this keeps the measures honest if anything ever does).
     OR EXISTS (SELECT 1 FROM "messages" m WHERE m."battle_id" = p_battle AND (m."turn" > 0 OR m."attempt" > 0)) THEN
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
                       "ip_hash", "ua_hash", "ua_class")
  VALUES (p_battle, p_voter,
          CASE WHEN b."shown_left" = 'a' THEN p_outcome_if_a_left ELSE p_outcome_if_b_left END,
          coalesce(p_reasons, '{}'), p_rationale, p_time_to_vote_ms, excluded IS NULL, excluded,
          b."dealt_style_features", b."dealt_conv_metadata", p_ip_hash, p_ua_hash, p_ua_class)
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
