-- CreateEnum
CREATE TYPE "ModelStatus" AS ENUM ('active', 'paused', 'deprecated');
CREATE TYPE "ProviderKind" AS ENUM ('openai_compatible', 'anthropic', 'google', 'corpus');
CREATE TYPE "BattleMode" AS ENUM ('anonymous', 'named', 'corpus');
CREATE TYPE "BattleStatus" AS ENUM ('pending', 'ready', 'errored', 'voted');
CREATE TYPE "Side" AS ENUM ('a', 'b');
CREATE TYPE "Outcome" AS ENUM ('a', 'b', 'tie', 'both_bad');

-- CreateTable
CREATE TABLE "models" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "organization" TEXT,
    "license" TEXT,
    "open_weights" BOOLEAN NOT NULL DEFAULT false,
    "provider_kind" "ProviderKind" NOT NULL,
    "provider_config" JSONB NOT NULL DEFAULT '{}',
    "sampling_weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "status" "ModelStatus" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "corpora" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT,
    "license" TEXT,
    "source" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "corpora_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "corpus_prompts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "corpus_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "category" TEXT,
    "language" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "corpus_prompts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "corpus_responses" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "prompt_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "content" TEXT NOT NULL,
    "tokens" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "corpus_responses_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "voters" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "quarantined" BOOLEAN NOT NULL DEFAULT false,
    "quarantine_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "voters_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "battles" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mode" "BattleMode" NOT NULL,
    "status" "BattleStatus" NOT NULL DEFAULT 'pending',
    "model_a_id" UUID NOT NULL,
    "model_b_id" UUID NOT NULL,
    "shown_left" "Side" NOT NULL,
    "corpus_prompt_id" UUID,
    "sampler_name" TEXT NOT NULL,
    "sampler_version" TEXT NOT NULL,
    "pair_probability" DOUBLE PRECISION NOT NULL,
    "voter_id" UUID NOT NULL,
    "category_tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "leak_flags" JSONB NOT NULL DEFAULT '[]',
    "error_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "battles_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "battle_id" UUID NOT NULL,
    "side" "Side",
    "turn" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "role" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "tokens" INTEGER,
    "latency_ms" INTEGER,
    "finish_reason" TEXT,
    "provider_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "votes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "battle_id" UUID NOT NULL,
    "voter_id" UUID NOT NULL,
    "outcome" "Outcome" NOT NULL,
    "reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "rationale" TEXT,
    "time_to_vote_ms" INTEGER,
    "counts_for_public" BOOLEAN NOT NULL,
    "exclusion_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "votes_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "leaderboard_snapshots" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "category" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "vote_set_hash" TEXT NOT NULL,
    "code_version" TEXT NOT NULL,
    "num_votes" INTEGER NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "leaderboard_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "models_slug_key" ON "models"("slug");
CREATE UNIQUE INDEX "corpora_name_key" ON "corpora"("name");
CREATE UNIQUE INDEX "corpus_prompts_corpus_id_external_id_key" ON "corpus_prompts"("corpus_id", "external_id");
CREATE INDEX "corpus_responses_model_id_idx" ON "corpus_responses"("model_id");
CREATE UNIQUE INDEX "corpus_responses_prompt_id_model_id_key" ON "corpus_responses"("prompt_id", "model_id");
CREATE INDEX "battles_voter_id_created_at_idx" ON "battles"("voter_id", "created_at");
CREATE INDEX "battles_created_at_idx" ON "battles"("created_at");
CREATE INDEX "messages_battle_id_turn_idx" ON "messages"("battle_id", "turn");
CREATE UNIQUE INDEX "votes_battle_id_key" ON "votes"("battle_id");
CREATE INDEX "votes_created_at_idx" ON "votes"("created_at");
CREATE INDEX "votes_voter_id_idx" ON "votes"("voter_id");
CREATE INDEX "leaderboard_snapshots_category_kind_created_at_idx" ON "leaderboard_snapshots"("category", "kind", "created_at");

-- AddForeignKey
ALTER TABLE "corpus_prompts" ADD CONSTRAINT "corpus_prompts_corpus_id_fkey" FOREIGN KEY ("corpus_id") REFERENCES "corpora"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "corpus_responses" ADD CONSTRAINT "corpus_responses_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "corpus_prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "corpus_responses" ADD CONSTRAINT "corpus_responses_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "battles" ADD CONSTRAINT "battles_model_a_id_fkey" FOREIGN KEY ("model_a_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "battles" ADD CONSTRAINT "battles_model_b_id_fkey" FOREIGN KEY ("model_b_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "battles" ADD CONSTRAINT "battles_corpus_prompt_id_fkey" FOREIGN KEY ("corpus_prompt_id") REFERENCES "corpus_prompts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "battles" ADD CONSTRAINT "battles_voter_id_fkey" FOREIGN KEY ("voter_id") REFERENCES "voters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "messages" ADD CONSTRAINT "messages_battle_id_fkey" FOREIGN KEY ("battle_id") REFERENCES "battles"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "votes" ADD CONSTRAINT "votes_battle_id_fkey" FOREIGN KEY ("battle_id") REFERENCES "battles"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "votes" ADD CONSTRAINT "votes_voter_id_fkey" FOREIGN KEY ("voter_id") REFERENCES "voters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
