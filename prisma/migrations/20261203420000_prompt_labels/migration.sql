-- Prompt categories by an LLM labeller (lib/labels): one label per prompt and category
-- (FastChat's criteria_v0.1, if_v0.1, math_v0.1, creative_writing_v0.1), keyed by the
-- sha256 of the prompt text (a battle's first user message), with the labeller model
-- and the labeller's version; a relabel replaces the row.
CREATE TABLE "prompt_labels" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "prompt_sha256" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "labeller" TEXT NOT NULL,
    "labeller_version" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "raw_output" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "prompt_labels_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "prompt_labels_prompt_sha256_category_key" ON "prompt_labels"("prompt_sha256", "category");
