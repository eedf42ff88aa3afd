-- Per-category vote counts maintained by a trigger, so a leaderboard recompute reads
-- at most categories × model pairs × outcomes rows, however many votes there are.

-- AlterTable
ALTER TABLE "votes" ADD COLUMN     "style_features" JSONB;

-- CreateTable
CREATE TABLE "vote_aggregates" (
    "category" TEXT NOT NULL,
    "model_a_id" UUID NOT NULL,
    "model_b_id" UUID NOT NULL,
    "outcome" "Outcome" NOT NULL,
    "counted" BOOLEAN NOT NULL,
    "n" INTEGER NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    "idsum" DECIMAL(65,30) NOT NULL,
    CONSTRAINT "vote_aggregates_pkey" PRIMARY KEY ("category","model_a_id","model_b_id","outcome","counted")
);

-- Trigger (not part of Prisma's schema language)
CREATE FUNCTION "vote_aggregates_apply"(p_battle UUID, p_vote UUID, p_outcome "Outcome", p_counted BOOLEAN, p_sign INTEGER)
RETURNS void LANGUAGE sql AS $$
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
$$;

CREATE FUNCTION "votes_aggregate_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM "vote_aggregates_apply"(OLD."battle_id", OLD."id", OLD."outcome", OLD."counts_for_public", -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM "vote_aggregates_apply"(NEW."battle_id", NEW."id", NEW."outcome", NEW."counts_for_public", 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "votes_aggregate" AFTER INSERT OR DELETE OR UPDATE OF "outcome", "counts_for_public", "battle_id" ON "votes"
FOR EACH ROW EXECUTE FUNCTION "votes_aggregate_trigger"();

-- Backfill from the votes already there.
INSERT INTO "vote_aggregates" ("category", "model_a_id", "model_b_id", "outcome", "counted", "n", "weight", "idsum")
SELECT t.tag, b."model_a_id", b."model_b_id", v."outcome", v."counts_for_public", count(*),
       sum(1.0 / b."pair_probability"), sum(hashtext(v."id"::text || v."outcome"::text)::numeric)
FROM "votes" v
JOIN "battles" b ON b."id" = v."battle_id"
CROSS JOIN LATERAL unnest(array_append(b."category_tags", 'overall')) AS t(tag)
GROUP BY 1, 2, 3, 4, 5;
