-- A vote in one statement. The app reads the battle without a lock, measures what the
-- voter saw (cl100k counts, style features, conv_metadata: JavaScript), then calls
-- record_vote, which locks the battle row, checks that nothing it measured has changed
-- since (the fingerprint) and writes the vote, its request facts, the battle's status,
-- the messages' counts and the voter's first address, all in one implicit transaction.
-- No connection is held between round trips, so 32 concurrent voters no longer queue
-- for Prisma's interactive transactions (P2028 at a 10-connection pool).

-- What a vote's measurements and exclusion depend on: the battle's mode, sides, leak
-- findings and parent, and every message (a regeneration adds attempts, a follow-up adds
-- turns, a streaming answer changes content). Equal before and after the lock means the
-- measurements describe the answers the vote is stored against.
CREATE FUNCTION "battle_vote_fingerprint"(p_battle UUID) RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT md5(concat_ws('|', b."mode"::text, b."shown_left"::text, b."leak_flags"::text,
                       b."parent_battle_id"::text,
                       (SELECT string_agg(m."id"::text || ':' || md5(m."content"), ',' ORDER BY m."id")
                        FROM "messages" m WHERE m."battle_id" = b."id")))
  FROM "battles" b WHERE b."id" = p_battle
$$;

-- status: ok | already_voted (the stored vote is returned) | not_found | forbidden |
-- conflict (answers not complete: pending or errored) | changed (the fingerprint moved
-- between the app's read and the lock: measure again).
CREATE FUNCTION "record_vote"(
  p_battle UUID,
  p_voter UUID,
  p_fingerprint TEXT,
  p_outcome "Outcome",
  p_reasons TEXT[],
  p_rationale TEXT,
  p_time_to_vote_ms INTEGER,
  p_exclusion_reason TEXT,
  p_style_features JSONB,
  p_conv_metadata JSON,
  p_message_ids UUID[],
  p_num_tokens INTEGER[],
  p_ip_hash TEXT,
  p_ua_hash TEXT,
  p_ua_class TEXT
) RETURNS TABLE ("status" TEXT, "outcome" "Outcome", "counts_for_public" BOOLEAN, "exclusion_reason" TEXT)
LANGUAGE plpgsql AS $$
DECLARE
  b RECORD;
  v RECORD;
BEGIN
  -- A regeneration or follow-up changing the answers right now holds this lock: wait for
  -- it, then (each statement below reads afresh) see the battle pending or changed.
  SELECT bt."voter_id", bt."status" INTO b FROM "battles" bt WHERE bt."id" = p_battle FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::"Outcome", NULL::boolean, NULL::text;
    RETURN;
  END IF;
  IF b."voter_id" <> p_voter THEN
    RETURN QUERY SELECT 'forbidden'::text, NULL::"Outcome", NULL::boolean, NULL::text;
    RETURN;
  END IF;
  IF b."status" IN ('pending', 'errored') THEN
    RETURN QUERY SELECT 'conflict'::text, NULL::"Outcome", NULL::boolean, NULL::text;
    RETURN;
  END IF;
  IF "battle_vote_fingerprint"(p_battle) IS DISTINCT FROM p_fingerprint THEN
    RETURN QUERY SELECT 'changed'::text, NULL::"Outcome", NULL::boolean, NULL::text;
    RETURN;
  END IF;
  -- Where this voter cookie was first seen, if no request said so yet. Before the vote's
  -- insert, whose quarantine trigger takes the voter row FOR SHARE: taking the stronger
  -- lock first cannot deadlock with the same voter's other vote.
  IF p_ip_hash IS NOT NULL THEN
    UPDATE "voters" SET "ip_hash" = p_ip_hash WHERE "id" = p_voter AND "ip_hash" IS NULL;
  END IF;
  -- The unique index on votes.battle_id decides races with another vote on this battle.
  INSERT INTO "votes" ("battle_id", "voter_id", "outcome", "reasons", "rationale", "time_to_vote_ms",
                       "counts_for_public", "exclusion_reason", "style_features", "conv_metadata",
                       "ip_hash", "ua_hash", "ua_class")
  VALUES (p_battle, p_voter, p_outcome, coalesce(p_reasons, '{}'), p_rationale, p_time_to_vote_ms,
          p_exclusion_reason IS NULL, p_exclusion_reason, p_style_features, p_conv_metadata,
          p_ip_hash, p_ua_hash, p_ua_class)
  ON CONFLICT ("battle_id") DO NOTHING
  RETURNING "votes"."outcome", "votes"."counts_for_public", "votes"."exclusion_reason" INTO v;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'already_voted'::text, vt."outcome", vt."counts_for_public", vt."exclusion_reason"
                 FROM "votes" vt WHERE vt."battle_id" = p_battle;
    RETURN;
  END IF;
  UPDATE "battles" SET "status" = 'voted', "updated_at" = now() WHERE "id" = p_battle;
  IF cardinality(p_message_ids) > 0 THEN
    UPDATE "messages" m SET "num_tokens" = u.n
    FROM unnest(p_message_ids, p_num_tokens) AS u(id, n)
    WHERE m."id" = u.id AND m."battle_id" = p_battle;
  END IF;
  RETURN QUERY SELECT 'ok'::text, v."outcome", v."counts_for_public", v."exclusion_reason";
END $$;
