-- The prompts a corpus battle can use (at least two active models answered them), each
-- at a dense index 0..n-1, so dealing draws a uniform index and reads one prompt: its cost
-- no longer grows with the corpus. Kept by statement triggers on every change that can
-- alter the set (responses added, removed or moved; a model's status); each rebuild scans
-- the corpus once, which an import does anyway.

-- CreateTable
CREATE TABLE "corpus_draw_pool" (
    "idx" INTEGER NOT NULL,
    "prompt_id" UUID NOT NULL,
    CONSTRAINT "corpus_draw_pool_pkey" PRIMARY KEY ("idx")
);

-- CreateIndex
CREATE UNIQUE INDEX "corpus_draw_pool_prompt_id_key" ON "corpus_draw_pool"("prompt_id");

-- AddForeignKey
ALTER TABLE "corpus_draw_pool" ADD CONSTRAINT "corpus_draw_pool_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "corpus_prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Trigger (not part of Prisma's schema language)
CREATE FUNCTION "corpus_draw_pool_rebuild"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Two rebuilds at once would both number from 0; the second waits and then sees the first.
  PERFORM pg_advisory_xact_lock(727274003);
  DELETE FROM "corpus_draw_pool";
  INSERT INTO "corpus_draw_pool" ("idx", "prompt_id")
  SELECT (row_number() OVER (ORDER BY r."prompt_id") - 1)::int, r."prompt_id"
  FROM "corpus_responses" r JOIN "models" m ON m."id" = r."model_id"
  WHERE m."status" = 'active'
  GROUP BY r."prompt_id" HAVING count(*) >= 2;
  RETURN NULL;
END $$;

CREATE TRIGGER "corpus_responses_draw_pool" AFTER INSERT OR DELETE OR UPDATE OF "prompt_id", "model_id" ON "corpus_responses"
FOR EACH STATEMENT EXECUTE FUNCTION "corpus_draw_pool_rebuild"();

CREATE TRIGGER "models_draw_pool" AFTER DELETE OR UPDATE OF "status" ON "models"
FOR EACH STATEMENT EXECUTE FUNCTION "corpus_draw_pool_rebuild"();

-- Fill it for the corpora already there.
INSERT INTO "corpus_draw_pool" ("idx", "prompt_id")
SELECT (row_number() OVER (ORDER BY r."prompt_id") - 1)::int, r."prompt_id"
FROM "corpus_responses" r JOIN "models" m ON m."id" = r."model_id"
WHERE m."status" = 'active'
GROUP BY r."prompt_id" HAVING count(*) >= 2;
