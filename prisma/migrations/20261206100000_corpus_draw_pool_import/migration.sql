-- A corpus import adds the prompts it made dealable to the draw pool itself
-- (lib/db/corpus-import-writes.ts): only its own prompts can have become dealable, so it
-- looks at those instead of the whole corpus. The rebuild on its responses insert is
-- skipped when the inserting transaction says so (SET LOCAL, so it ends with that
-- transaction); every other change still rebuilds. At 1M responses the rebuild took
-- ~5.5 s of the import, and it grows with the corpus, not with the import.
CREATE OR REPLACE FUNCTION "corpus_draw_pool_rebuild"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('arena.draw_pool_by_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  -- Two rebuilds at once would both number from 0; the second waits and then sees the first.
  PERFORM pg_advisory_xact_lock(727274003);
  DELETE FROM "corpus_draw_pool";
  INSERT INTO "corpus_draw_pool" ("idx", "prompt_id")
  SELECT (row_number() OVER (ORDER BY r."prompt_id") - 1)::int, r."prompt_id"
  FROM "corpus_responses" r JOIN "models" m ON m."id" = r."model_id"
  WHERE m."status" = 'active'
  GROUP BY r."prompt_id" HAVING count(*) >= 2;
  RETURN NULL;
END $$;
