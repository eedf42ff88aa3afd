import "server-only";
import { categoryTagsFor } from "@/lib/arena/categories";
import { detectLeaks, type LeakIdentity } from "@/lib/arena/leak-detection";
import type { LiveBattleView, StartLiveBattleInput, StartLiveBattleResult } from "@/lib/arena/live-schemas";
import type { Rng } from "@/lib/arena/pairing";
import { drawLivePair, NAMED_SAMPLER, type SamplerName, type SamplerStats } from "@/lib/arena/samplers";
import { inScreenOrder, type StoredSide } from "@/lib/arena/sides";
import { appendUserTurn, createLiveBattle, getBattleIdentities } from "@/lib/db/live-battles";
import { getSamplerStats, type LiveModel, listLiveModels } from "@/lib/db/models";

// Dealing a live battle: pick the pair (the voter's two models in named mode, else a
// sampler draw whose exact probability is stored), tag it, flag the prompt if it already
// names or probes a model, and create it pending. Streaming starts with the next request.

const STATS_TTL_MS = 10_000;
const cache = globalThis as unknown as {
  __arenaSamplerStats?: { at: number; value: Promise<SamplerStats & { ratings: Map<string, number> }> };
};

/** Vote counts change slowly relative to battle starts: one aggregate query per 10 s at most. */
function samplerStats() {
  const now = Date.now();
  const hit = cache.__arenaSamplerStats;
  if (hit && now - hit.at < STATS_TTL_MS) return hit.value;
  const value = getSamplerStats();
  cache.__arenaSamplerStats = { at: now, value };
  value.catch(() => {
    if (cache.__arenaSamplerStats?.value === value) cache.__arenaSamplerStats = undefined;
  });
  return value;
}

const identityOf = (m: LiveModel): LeakIdentity => ({
  slug: m.slug,
  displayName: m.displayName,
  organization: m.organization,
  upstreamModel: m.upstreamModel ?? undefined,
});

const reveal = (m: LiveModel) => ({ slug: m.slug, displayName: m.displayName, organization: m.organization });

export async function startLiveBattle({
  voterId,
  input,
  sampler,
  rng = Math.random,
}: {
  voterId: string;
  input: StartLiveBattleInput;
  sampler: SamplerName;
  rng?: Rng;
}): Promise<StartLiveBattleResult> {
  const models = await listLiveModels();
  let pair: { a: LiveModel; b: LiveModel; shownLeft: StoredSide; probability: number };
  let samplerId = NAMED_SAMPLER;
  if (input.mode === "named") {
    const [left, right] = (input.models ?? []).map((slug) => models.find((m) => m.slug === slug));
    if (!left || !right)
      return { status: "invalid", message: "Pick two models from the list (one is not available)." };
    pair = { a: left, b: right, shownLeft: "a", probability: 1 };
  } else {
    const drawable = models.filter((m) => m.weight > 0);
    if (drawable.length < 2)
      return { status: "unavailable", message: "Fewer than two live models are configured." };
    const stats = sampler === "active" ? await samplerStats() : undefined;
    const candidates = drawable.map((m) => ({ ...m, rating: stats?.ratings.get(m.id) ?? null }));
    const draw = drawLivePair(
      sampler,
      candidates,
      stats ?? { pairVotes: new Map(), modelVotes: new Map() },
      rng,
    );
    pair = draw;
    samplerId = draw.sampler;
  }
  const leakFlags = detectLeaks(input.prompt, {
    side: "prompt",
    models: [identityOf(pair.a), identityOf(pair.b)],
  });
  const battle = await createLiveBattle({
    voterId,
    mode: input.mode,
    modelAId: pair.a.id,
    modelBId: pair.b.id,
    shownLeft: pair.shownLeft,
    sampler: samplerId,
    pairProbability: pair.probability,
    prompt: input.prompt,
    categoryTags: categoryTagsFor({ text: input.prompt }),
    leakFlags,
  });
  const [left, right] = inScreenOrder(pair, pair.shownLeft);
  const view: LiveBattleView = {
    id: battle.id,
    mode: input.mode,
    prompt: input.prompt,
    leak: leakFlags.length > 0,
    named: input.mode === "named" ? { left: reveal(left), right: reveal(right) } : null,
  };
  return { status: "ok", battle: view };
}

/** A follow-up prompt; both models will get the whole conversation so far. */
export async function continueLiveBattle(input: { battleId: string; voterId: string; prompt: string }) {
  const identities = await getBattleIdentities(input);
  const leakFlags = detectLeaks(input.prompt, { side: "prompt", models: identities });
  return appendUserTurn({ ...input, leakFlags });
}
