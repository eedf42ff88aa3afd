-- The 140k-style dump's conv_metadata (markdown and token counts of what the voter
-- saw, a = the model shown on the left), computed when the vote is cast so that a dump
-- copies it instead of recounting every answer. JSON, not JSONB: the text is kept as
-- written, in lmarena's key order. Votes stored before this column are filled in by
-- migrate()'s backfill (lib/db/conv-metadata-backfill.ts); a dump computes any still null.
ALTER TABLE "votes" ADD COLUMN "conv_metadata" JSON;

-- Finds the votes the backfill still has to fill; empty once it has run.
CREATE INDEX "votes_conv_metadata_missing_idx" ON "votes" ("id") WHERE "conv_metadata" IS NULL;
