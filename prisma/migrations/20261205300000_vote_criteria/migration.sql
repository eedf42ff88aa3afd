-- Per-arena settings a maintainer switches in the console (audited). One row per arena:
-- "corpus" (fixed prompts) and "live" (typed prompts, anonymous or named battles).
CREATE TABLE "arena_settings" (
    "arena" TEXT NOT NULL PRIMARY KEY CHECK ("arena" IN ('corpus', 'live')),
    "criteria_enabled" BOOLEAN NOT NULL DEFAULT false,
    "updated_by" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
INSERT INTO "arena_settings" ("arena") VALUES ('corpus'), ('live');

-- Per-criterion votes given after the main vote, in their own table so the vote path
-- (record_vote) is untouched. The outcome is stored like votes.outcome (a / b / tie, the
-- database's sides); each criterion is answered once per vote.
CREATE TABLE "vote_criteria" (
    "vote_id" UUID NOT NULL REFERENCES "votes"("id") ON DELETE CASCADE,
    "criterion" TEXT NOT NULL CHECK ("criterion" IN ('helpfulness', 'correctness', 'style')),
    "outcome" "Outcome" NOT NULL CHECK ("outcome" IN ('a', 'b', 'tie')),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("vote_id", "criterion")
);
CREATE INDEX "vote_criteria_criterion_idx" ON "vote_criteria"("criterion");
