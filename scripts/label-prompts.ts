// npm run label:prompts -- --model SLUG [--limit N] [--categories criteria_v0.1,math_v0.1]
// Labels battle prompts with FastChat's published criteria using a model from
// models.json (or ARENA_MODELS_FILE), stores the labels and tags the battles.
import "dotenv/config";
import { parseArgs } from "node:util";
import { resolveDatabaseUrl } from "./database-url";

const USAGE = `Usage: npm run label:prompts -- --model SLUG [--limit N] [--categories LIST]

Asks the model SLUG (an entry of models.json / ARENA_MODELS_FILE) FastChat's published
prompt criteria — criteria_v0.1 (hard prompts: at least 6 of 7), if_v0.1, math_v0.1,
creative_writing_v0.1 — about every battle prompt not labelled yet, stores the labels
(prompt_labels, with the labeller and version) and tags the battles (hard_prompt,
instruction_following, math, creative_writing), which the next leaderboard recompute
shows as categories. Run it again (e.g. from cron) to label new prompts.

  --limit N          prompts per run (default 500)
  --categories LIST  comma-separated subset of the four`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: "string" },
      limit: { type: "string" },
      categories: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (!values.model) throw new UsageError(`--model is required\n\n${USAGE}`);
  const { CATEGORY_KEYS } = await import("../lib/labels/criteria");
  const categories = values.categories?.split(",").map((c) => c.trim()) ?? CATEGORY_KEYS;
  const unknown = categories.filter((c) => !(CATEGORY_KEYS as string[]).includes(c));
  if (unknown.length > 0) throw new UsageError(`unknown categories: ${unknown.join(", ")}`);
  const limit = values.limit === undefined ? 500 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit must be a positive integer");

  const { loadConfiguredModels } = await import("../lib/providers/config");
  const models = await loadConfiguredModels();
  const entry = models?.config.models.find((m) => m.slug === values.model);
  if (!entry)
    throw new UsageError(`no model "${values.model}" in ${models?.file ?? "models.json (not found)"}`);

  await resolveDatabaseUrl();
  const { runLabelJob } = await import("../lib/labels/job");
  const { db } = await import("../lib/db/client");
  try {
    const r = await runLabelJob({
      labeller: { slug: entry.slug, provider: entry.provider },
      categories: categories as typeof CATEGORY_KEYS,
      limit,
      log: (m) => console.error(`label:prompts: ${m}`),
    });
    console.error(
      `label:prompts: ${r.prompts} prompts, ${r.labels} labels stored, ${r.failures} failed, ${r.battlesTagged} battles tagged`,
    );
    if (r.failures > 0) process.exitCode = 1;
  } finally {
    await db.$disconnect();
  }
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  console.error(`label:prompts: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
