-- Shared state for rate limits, stream leases and token budgets (so several app
-- instances enforce one limit), and the server-side evidence kept with each vote.

-- CreateTable: rate-limiter-flexible's RateLimiterPostgres layout (created here, not by the library).
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,
    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateTable: one row per upstream stream in flight; a crashed instance's leases expire.
CREATE TABLE "stream_leases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "voter_id" UUID NOT NULL,
    "battle_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "stream_leases_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "stream_leases_voter_id_idx" ON "stream_leases"("voter_id");
CREATE INDEX "stream_leases_expires_at_idx" ON "stream_leases"("expires_at");

-- CreateTable: tokens each model produced per UTC day, against its daily budget.
CREATE TABLE "model_token_usage" (
    "model_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "model_token_usage_pkey" PRIMARY KEY ("model_id", "day")
);
ALTER TABLE "model_token_usage" ADD CONSTRAINT "model_token_usage_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable: server-side evidence (never the client's timing); hashes are keyed HMACs.
ALTER TABLE "votes" ADD COLUMN "server_time_to_vote_ms" INTEGER,
ADD COLUMN "ip_hash" TEXT,
ADD COLUMN "ua_hash" TEXT,
ADD COLUMN "ua_class" TEXT;
CREATE INDEX "votes_ip_hash_created_at_idx" ON "votes"("ip_hash", "created_at");

-- AlterTable: where a voter cookie was first seen (identity churn), and challenge credit.
ALTER TABLE "voters" ADD COLUMN "ip_hash" TEXT,
ADD COLUMN "challenge_credit" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "voters_ip_hash_created_at_idx" ON "voters"("ip_hash", "created_at");

-- CreateTable: proof-of-work challenges handed out; a solved one is deleted (no replay).
CREATE TABLE "challenges" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "voter_id" UUID NOT NULL,
    "difficulty" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "challenges_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "challenges_voter_id_idx" ON "challenges"("voter_id");

-- Token usage is counted by the database when a live answer is finished (finish_reason
-- set), so every code path that stores an answer counts it; the provider's count when it
-- reported one, else about four characters a token.
CREATE FUNCTION "messages_token_usage_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "model_token_usage" ("model_id", "day", "tokens")
  SELECT CASE WHEN NEW."side" = 'a' THEN b."model_a_id" ELSE b."model_b_id" END,
         (now() AT TIME ZONE 'UTC')::date,
         coalesce(NEW."tokens", ceil(length(NEW."content") / 4.0)::int)
  FROM "battles" b
  WHERE b."id" = NEW."battle_id" AND b."mode" <> 'corpus'
  ON CONFLICT ("model_id", "day") DO UPDATE SET "tokens" = "model_token_usage"."tokens" + EXCLUDED."tokens";
  RETURN NULL;
END $$;

CREATE TRIGGER "messages_token_usage" AFTER UPDATE OF "finish_reason" ON "messages"
FOR EACH ROW WHEN (OLD."finish_reason" IS NULL AND NEW."finish_reason" IS NOT NULL AND NEW."side" IS NOT NULL)
EXECUTE FUNCTION "messages_token_usage_trigger"();
