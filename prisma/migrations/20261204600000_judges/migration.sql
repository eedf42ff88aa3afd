-- LLM judges next to humans (lib/judges). Judge verdicts live in their own tables and
-- never in "votes": the vote_aggregates/vote_exclusion_counts triggers, the leaderboard
-- recompute and the vote dumps read "votes" only, so a judge verdict cannot reach a
-- human leaderboard or a human dump (lib/judges/isolation.db.test.ts proves it).

-- A judge prompt template. Editing one adds a new version; runs and verdicts keep the
-- version they used.
CREATE TABLE "judge_templates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "system_prompt" TEXT NOT NULL,
    "user_template" TEXT NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "judge_templates_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "judge_templates_name_version_key" ON "judge_templates"("name", "version");

-- One judge run: a judge model, a template version, a sample of human-voted battles.
-- The worker holding the lease (worker_id, lease_until) is the only one calling the
-- judge; a lease that expires lets another instance resume the run.
CREATE TABLE "judge_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "judge_model_id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    -- queued | running | paused | cancelled | done | failed
    "status" TEXT NOT NULL DEFAULT 'queued',
    -- The sample asked for: {category, models, from, to, size, seed}.
    "sample" JSONB NOT NULL DEFAULT '{}',
    -- Limits of this run: {requestsPerMinute, maxTokens, priceInPerMTok, priceOutPerMTok}.
    "limits" JSONB NOT NULL DEFAULT '{}',
    "total_battles" INTEGER NOT NULL DEFAULT 0,
    "pause_reason" TEXT,
    "error" TEXT,
    "worker_id" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "judge_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "judge_runs_status_check" CHECK ("status" IN ('queued', 'running', 'paused', 'cancelled', 'done', 'failed'))
);
CREATE INDEX "judge_runs_created_at_idx" ON "judge_runs"("created_at");
ALTER TABLE "judge_runs" ADD CONSTRAINT "judge_runs_judge_model_id_fkey" FOREIGN KEY ("judge_model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "judge_runs" ADD CONSTRAINT "judge_runs_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "judge_templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The battles a run samples, with the human verdict as it was when sampled (so a run's
-- statistics do not move if a vote is later excluded) and the models' families.
CREATE TABLE "judge_run_battles" (
    "run_id" UUID NOT NULL,
    "battle_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "human_outcome" "Outcome" NOT NULL,
    CONSTRAINT "judge_run_battles_pkey" PRIMARY KEY ("run_id", "battle_id")
);
CREATE UNIQUE INDEX "judge_run_battles_run_id_position_key" ON "judge_run_battles"("run_id", "position");
ALTER TABLE "judge_run_battles" ADD CONSTRAINT "judge_run_battles_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "judge_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "judge_run_battles" ADD CONSTRAINT "judge_run_battles_battle_id_fkey" FOREIGN KEY ("battle_id") REFERENCES "battles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One judge verdict: a battle asked in one order ('ab': model A's answer shown first,
-- 'ba': model B's first). verdict is in the battle's A/B terms; position_verdict in the
-- judge's (first/second). 'unparseable' keeps the raw output and is never guessed.
CREATE TABLE "judge_votes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" UUID NOT NULL,
    "battle_id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    "template_version" INTEGER NOT NULL,
    "order" TEXT NOT NULL,
    "raw_output" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "position_verdict" TEXT NOT NULL,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "cost_usd" DOUBLE PRECISION,
    "latency_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "judge_votes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "judge_votes_order_check" CHECK ("order" IN ('ab', 'ba')),
    CONSTRAINT "judge_votes_verdict_check" CHECK ("verdict" IN ('a', 'b', 'tie', 'both_bad', 'unparseable')),
    CONSTRAINT "judge_votes_position_verdict_check" CHECK ("position_verdict" IN ('first', 'second', 'tie', 'both_bad', 'unparseable'))
);
CREATE UNIQUE INDEX "judge_votes_run_id_battle_id_order_key" ON "judge_votes"("run_id", "battle_id", "order");
CREATE INDEX "judge_votes_battle_id_idx" ON "judge_votes"("battle_id");
ALTER TABLE "judge_votes" ADD CONSTRAINT "judge_votes_run_id_battle_id_fkey" FOREIGN KEY ("run_id", "battle_id") REFERENCES "judge_run_battles"("run_id", "battle_id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "judge_votes" ADD CONSTRAINT "judge_votes_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "judge_templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
