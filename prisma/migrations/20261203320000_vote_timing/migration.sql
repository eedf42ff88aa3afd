-- Time to vote measured by the database: from the moment the battle's answers were all
-- complete (status became 'ready') to the vote's insert. The client's own figure
-- (time_to_vote_ms) is kept as it was sent but never used.

-- AlterTable
ALTER TABLE "battles" ADD COLUMN "answers_complete_at" TIMESTAMPTZ(3);

CREATE FUNCTION "battles_answers_complete_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."status" = 'ready' AND (TG_OP = 'INSERT' OR OLD."status" IS DISTINCT FROM 'ready') THEN
    NEW."answers_complete_at" := clock_timestamp();
  ELSIF NEW."status" = 'pending' THEN
    NEW."answers_complete_at" := NULL;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "battles_answers_complete" BEFORE INSERT OR UPDATE OF "status" ON "battles"
FOR EACH ROW EXECUTE FUNCTION "battles_answers_complete_trigger"();

UPDATE "battles" SET "answers_complete_at" = "updated_at" WHERE "status" IN ('ready', 'voted');

CREATE FUNCTION "votes_server_timing_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT floor(extract(epoch FROM clock_timestamp() - b."answers_complete_at") * 1000)::int
  INTO NEW."server_time_to_vote_ms"
  FROM "battles" b WHERE b."id" = NEW."battle_id";
  RETURN NEW;
END $$;

CREATE TRIGGER "votes_server_timing" BEFORE INSERT ON "votes"
FOR EACH ROW EXECUTE FUNCTION "votes_server_timing_trigger"();
