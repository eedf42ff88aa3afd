-- One row saying what the last leaderboard recompute counted, shared by every app
-- instance: votes created after votes_until are the ones the board does not count yet,
-- so any instance can tell how stale the board is (and since when) from the database.

-- CreateTable
CREATE TABLE "leaderboard_recompute_state" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "votes_until" TIMESTAMPTZ(3) NOT NULL,
    "votes_version" TEXT NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    CONSTRAINT "leaderboard_recompute_state_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "leaderboard_recompute_state_one_row" CHECK ("id" = 1)
);
