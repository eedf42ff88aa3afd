import { addBattleTags, listBattlesToTag, listPromptsToLabel, savePromptLabel } from "@/lib/db/prompt-labels";
import type { ProviderModelConfig } from "@/lib/providers/config";
import { streamChat } from "@/lib/providers/stream-chat";
import { CATEGORIES, CATEGORY_KEYS, type CategoryKey, tagsFromLabels } from "./criteria";

// The labelling job: asks a configured model (lib/providers) the published criteria
// about every prompt that lacks a label, stores each verdict with the labeller and
// this code's version, then tags the battles that asked a labelled prompt, which
// feeds the leaderboard's categories. Idempotent: a second run only labels new
// prompts. Run by `npm run label:prompts` (and by whatever schedules it).

/** Bump when the prompts, parsing or tag rules change: stored labels record it. */
export const LABELLER_VERSION = "fastchat-classify-v0.1+pairwise-arena.1";

/** Leaderboard category tag for each label tagsFromLabels gives. */
export const LABEL_TAGS: Record<string, string> = {
  hard: "hard_prompt",
  if: "instruction_following",
  math: "math",
  creative_writing: "creative_writing",
};

export interface LabelJobInput {
  /** Slug recorded as the labeller, and the provider config used to call it. */
  labeller: { slug: string; provider: ProviderModelConfig };
  categories?: CategoryKey[];
  /** Prompts per run. */
  limit?: number;
  signal?: AbortSignal;
  log?: (message: string) => void;
  /** Called after each prompt (and once before the first) with the counts so far. */
  onProgress?: (progress: LabelJobProgress) => void;
}

export interface LabelJobProgress {
  /** Prompts this run asks about, and how many it has finished. */
  prompts: number;
  promptsDone: number;
  labels: number;
  failures: number;
}

export interface LabelJobResult {
  prompts: number;
  labels: number;
  failures: number;
  battlesTagged: number;
}

async function ask(input: LabelJobInput, category: CategoryKey, prompt: string): Promise<string> {
  const c = CATEGORIES[category];
  // FastChat labels at temperature 0; the criteria are the system prompt.
  const model = { ...input.labeller.provider, systemPrompt: c.system, temperature: 0, maxTokens: 512 };
  let text = "";
  for await (const event of streamChat({
    model: model as ProviderModelConfig,
    messages: [{ role: "user", content: c.user(prompt) }],
    signal: input.signal,
  })) {
    if (event.type === "delta") text += event.text;
    else if (event.type === "error") throw new Error(event.message);
  }
  return text;
}

export async function runLabelJob(input: LabelJobInput): Promise<LabelJobResult> {
  const log = input.log ?? (() => {});
  const categories = input.categories ?? CATEGORY_KEYS;
  const todo = await listPromptsToLabel({ categories, limit: input.limit ?? 500 });
  const result: LabelJobResult = { prompts: todo.length, labels: 0, failures: 0, battlesTagged: 0 };
  let promptsDone = 0;
  const progress = () =>
    input.onProgress?.({
      prompts: todo.length,
      promptsDone,
      labels: result.labels,
      failures: result.failures,
    });
  progress();
  for (const prompt of todo) {
    for (const category of prompt.missing) {
      if (input.signal?.aborted) break;
      try {
        const raw = await ask(input, category, prompt.text);
        await savePromptLabel({
          sha256: prompt.sha256,
          category,
          labeller: input.labeller.slug,
          labellerVersion: LABELLER_VERSION,
          result: CATEGORIES[category].parse(raw),
          rawOutput: raw,
        });
        result.labels++;
      } catch (error) {
        // A failed call leaves the label missing, so the next run asks again.
        result.failures++;
        log(`${category} for prompt ${prompt.sha256.slice(0, 12)}: ${(error as Error).message}`);
      }
    }
    promptsDone++;
    progress();
  }
  result.battlesTagged = await tagLabelledBattles();
  return result;
}

/** Gives every battle the category tags its prompt's labels imply; returns how many changed. */
export async function tagLabelledBattles(): Promise<number> {
  const groups = new Map<string, string[]>();
  for (const b of await listBattlesToTag()) {
    const add = tagsFromLabels(b.labels)
      .map((t) => LABEL_TAGS[t])
      .filter((t) => !b.tags.includes(t));
    if (add.length === 0) continue;
    const key = add.sort().join(",");
    groups.set(key, [...(groups.get(key) ?? []), b.battleId]);
  }
  let changed = 0;
  for (const [key, ids] of groups) changed += await addBattleTags(ids, key.split(","));
  return changed;
}
