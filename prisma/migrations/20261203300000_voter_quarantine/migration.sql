-- Retroactive, reversible quarantine of voters (lib/db/quarantine.ts), detector
-- suggestions for maintainers, and per-reason counts of excluded votes.

-- CreateEnum
CREATE TYPE "QuarantineSource" AS ENUM ('auto', 'maintainer');

-- CreateEnum
CREATE TYPE "AbuseFlagStatus" AS ENUM ('open', 'quarantined', 'dismissed');

-- CreateTable
CREATE TABLE "voter_quarantines" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "voter_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "source" "QuarantineSource" NOT NULL,
    "actor" TEXT,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "released_at" TIMESTAMPTZ(3),
    "released_by" TEXT,
    "release_note" TEXT,
    CONSTRAINT "voter_quarantines_pkey" PRIMARY KEY ("id")
);

-- At most one active quarantine per voter; quarantineVoter relies on it.
CREATE UNIQUE INDEX "voter_quarantines_active_key" ON "voter_quarantines"("voter_id") WHERE "released_at" IS NULL;
CREATE INDEX "voter_quarantines_voter_id_created_at_idx" ON "voter_quarantines"("voter_id", "created_at");
CREATE INDEX "voter_quarantines_created_at_idx" ON "voter_quarantines"("created_at");

ALTER TABLE "voter_quarantines" ADD CONSTRAINT "voter_quarantines_voter_id_fkey" FOREIGN KEY ("voter_id") REFERENCES "voters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "abuse_flags" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "voter_id" UUID NOT NULL,
    "detector" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "status" "AbuseFlagStatus" NOT NULL DEFAULT 'open',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    CONSTRAINT "abuse_flags_pkey" PRIMARY KEY ("id")
);

-- One open suggestion per voter and detector: a re-run refreshes it instead of piling up.
CREATE UNIQUE INDEX "abuse_flags_open_key" ON "abuse_flags"("voter_id", "detector") WHERE "status" = 'open';
CREATE INDEX "abuse_flags_status_created_at_idx" ON "abuse_flags"("status", "created_at");

ALTER TABLE "abuse_flags" ADD CONSTRAINT "abuse_flags_voter_id_fkey" FOREIGN KEY ("voter_id") REFERENCES "voters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable: which quarantine excluded a vote (kept after release, as history).
ALTER TABLE "votes" ADD COLUMN "quarantine_id" UUID;
ALTER TABLE "votes" ADD CONSTRAINT "votes_quarantine_id_fkey" FOREIGN KEY ("quarantine_id") REFERENCES "voter_quarantines"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "votes_quarantine_id_idx" ON "votes"("quarantine_id");

-- A vote inserted for a voter under quarantine is excluded by the database itself, whatever
-- code path wrote it. FOR SHARE on the voter row orders it against quarantineVoter (which
-- updates that row first): either the vote is already committed when the quarantine
-- rewrites the voter's votes, or it waits and then sees the quarantine.
CREATE FUNCTION "votes_quarantine_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  q RECORD;
BEGIN
  PERFORM 1 FROM "voters" WHERE "id" = NEW."voter_id" FOR SHARE;
  SELECT vq."id", vq."reason" INTO q
  FROM "voter_quarantines" vq
  WHERE vq."voter_id" = NEW."voter_id" AND vq."released_at" IS NULL;
  IF FOUND AND (NEW."counts_for_public" OR NEW."exclusion_reason" = 'voter quarantined') THEN
    NEW."counts_for_public" := false;
    NEW."exclusion_reason" := 'voter quarantined: ' || q."reason";
    NEW."quarantine_id" := q."id";
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "votes_quarantine" BEFORE INSERT ON "votes"
FOR EACH ROW EXECUTE FUNCTION "votes_quarantine_trigger"();

-- CreateTable: excluded votes per category and reason, kept by a trigger like vote_aggregates,
-- so snapshots can say how many votes each filter removed without scanning the votes.
CREATE TABLE "vote_exclusion_counts" (
    "category" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    CONSTRAINT "vote_exclusion_counts_pkey" PRIMARY KEY ("category", "reason")
);

CREATE FUNCTION "vote_exclusion_counts_apply"(p_battle UUID, p_reason TEXT, p_sign INTEGER)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO "vote_exclusion_counts" ("category", "reason", "n")
  SELECT t.tag, p_reason, p_sign
  FROM "battles" b
  CROSS JOIN LATERAL unnest(array_append(b."category_tags", 'overall')) AS t(tag)
  WHERE b."id" = p_battle
  ON CONFLICT ("category", "reason") DO UPDATE SET "n" = "vote_exclusion_counts"."n" + EXCLUDED."n";
$$;

CREATE FUNCTION "votes_exclusion_counts_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD."counts_for_public" THEN
    PERFORM "vote_exclusion_counts_apply"(OLD."battle_id", coalesce(OLD."exclusion_reason", 'unspecified'), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW."counts_for_public" THEN
    PERFORM "vote_exclusion_counts_apply"(NEW."battle_id", coalesce(NEW."exclusion_reason", 'unspecified'), 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "votes_exclusion_counts" AFTER INSERT OR DELETE OR UPDATE OF "counts_for_public", "exclusion_reason", "battle_id" ON "votes"
FOR EACH ROW EXECUTE FUNCTION "votes_exclusion_counts_trigger"();

INSERT INTO "vote_exclusion_counts" ("category", "reason", "n")
SELECT t.tag, coalesce(v."exclusion_reason", 'unspecified'), count(*)
FROM "votes" v
JOIN "battles" b ON b."id" = v."battle_id"
CROSS JOIN LATERAL unnest(array_append(b."category_tags", 'overall')) AS t(tag)
WHERE NOT v."counts_for_public"
GROUP BY 1, 2;
