-- Leaderboard diagnostics (issue 15): position bias, what wins besides quality, how sure the
-- ranking is, voter quality. Computed in the background from the counted votes (not on
-- every recompute: it reads the votes themselves) and kept per category; pages and the API
-- read the newest row. votes_version is the vote fingerprint it was computed at.
CREATE TABLE "leaderboard_diagnostics" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "category" TEXT NOT NULL,
    "votes_version" TEXT NOT NULL,
    "num_votes" INTEGER NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "leaderboard_diagnostics_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "leaderboard_diagnostics_category_created_at_idx" ON "leaderboard_diagnostics"("category", "created_at");
