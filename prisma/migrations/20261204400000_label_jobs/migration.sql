-- Prompt-labelling runs started from the console (lib/labels/background.ts): their
-- progress lives here, not in one server's memory, so that any instance answers the
-- console's polls and at most one run goes at a time across instances (the partial
-- unique index). A run whose instance died stops sending heartbeats and is marked
-- failed by the next start.
CREATE TABLE "label_jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "state" TEXT NOT NULL,
    "labeller" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "prompts" INTEGER NOT NULL DEFAULT 0,
    "prompts_done" INTEGER NOT NULL DEFAULT 0,
    "labels" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "battles_tagged" INTEGER,
    "error" TEXT,
    CONSTRAINT "label_jobs_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "label_jobs_one_running" ON "label_jobs"("state") WHERE "state" = 'running';
CREATE INDEX "label_jobs_started_at_idx" ON "label_jobs"("started_at");
