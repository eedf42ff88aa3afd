import { expect, test } from "@playwright/test";
import { query } from "./db";

test("a model page says where the model came from, with or without metadata", async ({ page }) => {
  const today = new Date().toISOString().slice(0, 10);
  // An imported model with nothing but a slug (AlpacaEval files carry no organization or
  // licence), paused so no battle draws it.
  const [{ id }] = await query<{ id: string }>(
    `INSERT INTO models (slug, display_name, provider_kind, status)
     VALUES ('e2e-bare', 'e2e-bare', 'corpus', 'paused') RETURNING id`,
  );
  try {
    const [corpus] = await query<{ id: string }>(
      `INSERT INTO corpora (name) VALUES ('e2e-bare-corpus') RETURNING id`,
    );
    const [prompt] = await query<{ id: string }>(
      `INSERT INTO corpus_prompts (corpus_id, external_id, text) VALUES ($1, 'p1', 'Hello?') RETURNING id`,
      [corpus.id],
    );
    await query(`INSERT INTO corpus_responses (prompt_id, model_id, content) VALUES ($1, $2, 'Hi.')`, [
      prompt.id,
      id,
    ]);

    await page.goto("/models/e2e-bare");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("e2e-bare");
    await expect(page.getByText("No metadata")).toHaveCount(0);
    await expect(page.getByTestId("model-origin")).toHaveText(
      `Answers imported from corpus e2e-bare-corpus (1 response, ${today}).`,
    );
  } finally {
    await query(`DELETE FROM corpora WHERE name = 'e2e-bare-corpus'`);
    await query(`DELETE FROM models WHERE id = $1`, [id]);
  }

  // The seeded demo models come from the demo corpus; live models from their API.
  await page.goto("/models/demo-concise");
  await expect(page.getByTestId("model-origin")).toContainText(
    /corpus demo \(48 responses, \d{4}-\d\d-\d\d\)/,
  );
  await page.goto("/models/fast-a");
  await expect(page.getByTestId("model-origin")).toContainText(
    "Live model answering through an OpenAI-compatible API, added",
  );
});
