-- Answers still marked streaming (no finish reason, no error): every instance looks for
-- those whose stream died with its process (lib/db/live-streams.ts closeOrphanedAnswers)
-- every few seconds, over the last day only, so the search must not scan every message
-- ever stored. (Corpus answers carry no finish reason either; the search skips them.)
CREATE INDEX "messages_streaming_idx" ON "messages"("created_at")
  WHERE "side" IS NOT NULL AND "finish_reason" IS NULL AND "provider_error" IS NULL;
