-- A voter's passed challenges (proof of work or Turnstile), one row each. The nonce is the
-- challenge's own (or Turnstile's token id): unique, so a solved challenge counts once.
CREATE TABLE "challenge_passes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "voter_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "challenge_passes_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "challenge_passes_nonce_key" ON "challenge_passes"("nonce");
CREATE INDEX "challenge_passes_voter_id_created_at_idx" ON "challenge_passes"("voter_id", "created_at");
