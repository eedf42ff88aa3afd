-- Every token count in the dumps now comes from one tokenizer (cl100k_base, as
-- FastChat's): messages.num_tokens holds it, set when the vote is cast; tokens keeps
-- what the provider reported (or the corpus file's count), no longer mixed in.
ALTER TABLE "messages" ADD COLUMN "num_tokens" INTEGER;

-- Stored conv_metadata and style features were counted with the old estimate and the
-- older code-block rule: clearing conv_metadata makes the migrate step's backfill
-- (lib/db/conv-metadata-backfill.ts) count every voted battle again with cl100k,
-- filling num_tokens and the style features as it goes.
UPDATE "votes" SET "conv_metadata" = NULL WHERE "conv_metadata" IS NOT NULL;
