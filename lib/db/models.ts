import "server-only";
import type { LiveModelOption } from "@/lib/arena/live-schemas";
import { pairKey, type SamplerStats } from "@/lib/arena/samplers";
import type { ModelEntry } from "@/lib/providers/config";
import { readSnapshotResult } from "@/lib/ratings/snapshot";
import { db } from "./client";

// The models file (read by lib/providers/config.ts) wins for the models it lists (source = file: re-applied at every start,
// read-only in the console). A sync upserts every entry and pauses file models that left
// the file; models added in the console are never touched. Rows are never deleted,
// because battles and votes refer to them.

export interface SyncModelsResult {
  created: string[];
  updated: string[];
  paused: string[];
}

/** Provider config as stored: the entry's provider minus `kind` (kept in provider_kind). Never a key. */
function storedConfig(entry: ModelEntry): Record<string, unknown> {
  const { kind: _kind, ...rest } = entry.provider;
  return rest;
}

export async function syncModels({ models }: { models: ModelEntry[] }): Promise<SyncModelsResult> {
  return db.$transaction(async (tx) => {
    const slugs = models.map((m) => m.slug);
    const existing = new Set(
      (await tx.model.findMany({ where: { slug: { in: slugs } }, select: { slug: true } })).map(
        (m) => m.slug,
      ),
    );
    for (const m of models) {
      const data = {
        displayName: m.displayName,
        organization: m.organization ?? null,
        license: m.license ?? null,
        openWeights: m.openWeights,
        providerKind: m.provider.kind,
        providerConfig: storedConfig(m) as object,
        samplingWeight: m.weight,
        status: "active" as const,
        source: "file" as const,
      };
      await tx.model.upsert({ where: { slug: m.slug }, create: { slug: m.slug, ...data }, update: data });
    }
    const gone = await tx.model.findMany({
      where: { providerKind: { not: "corpus" }, source: "file", status: "active", slug: { notIn: slugs } },
      select: { slug: true },
    });
    await tx.model.updateMany({
      where: { slug: { in: gone.map((g) => g.slug) } },
      data: { status: "paused" },
    });
    return {
      created: slugs.filter((s) => !existing.has(s)),
      updated: slugs.filter((s) => existing.has(s)),
      paused: gone.map((g) => g.slug).sort(),
    };
  });
}

export interface LiveModel {
  id: string;
  slug: string;
  displayName: string;
  organization: string | null;
  weight: number;
  /** Upstream model name, for leak detection only (never sent to the browser). */
  upstreamModel: string | null;
}

/** Active models that answer live (not corpus-only), by slug. */
export async function listLiveModels(): Promise<LiveModel[]> {
  const rows = await db.model.findMany({
    where: { status: "active", providerKind: { not: "corpus" } },
    select: {
      id: true,
      slug: true,
      displayName: true,
      organization: true,
      samplingWeight: true,
      providerConfig: true,
    },
    orderBy: { slug: "asc" },
  });
  return rows.map(({ samplingWeight, providerConfig, ...m }) => {
    const upstream = (providerConfig as { model?: unknown } | null)?.model;
    return { ...m, weight: samplingWeight, upstreamModel: typeof upstream === "string" ? upstream : null };
  });
}

export interface LiveArenaInfo {
  /** Models an anonymous battle can draw (weight > 0). */
  drawable: number;
  /** Every active live model, for named mode's pickers. */
  options: LiveModelOption[];
}

export async function getLiveArenaInfo(): Promise<LiveArenaInfo> {
  const models = await listLiveModels();
  return {
    drawable: models.filter((m) => m.weight > 0).length,
    options: models.map(({ slug, displayName, organization }) => ({ slug, displayName, organization })),
  };
}

/**
 * What the active sampler needs: counted votes per pair and per model, and each
 * model's rating in the newest overall snapshot (by model id).
 */
export async function getSamplerStats(): Promise<SamplerStats & { ratings: Map<string, number> }> {
  const [pairs, snapshot, models] = await Promise.all([
    db.$queryRaw<{ a: string; b: string; n: number }[]>`
      SELECT b.model_a_id::text AS a, b.model_b_id::text AS b, count(*)::int AS n
      FROM votes v JOIN battles b ON b.id = v.battle_id
      WHERE v.counts_for_public
      GROUP BY 1, 2`,
    db.leaderboardSnapshot.findFirst({
      where: { category: "overall", kind: "plain" },
      orderBy: { createdAt: "desc" },
      select: { result: true },
    }),
    db.model.findMany({ select: { id: true, slug: true } }),
  ]);
  const pairVotes = new Map<string, number>();
  const modelVotes = new Map<string, number>();
  for (const p of pairs) {
    const k = pairKey(p.a, p.b);
    pairVotes.set(k, (pairVotes.get(k) ?? 0) + p.n);
    modelVotes.set(p.a, (modelVotes.get(p.a) ?? 0) + p.n);
    modelVotes.set(p.b, (modelVotes.get(p.b) ?? 0) + p.n);
  }
  const idBySlug = new Map(models.map((m) => [m.slug, m.id]));
  const rows = readSnapshotResult(snapshot?.result)?.rows ?? [];
  const ratings = new Map<string, number>();
  for (const r of rows) {
    const id = idBySlug.get(r.model);
    if (id && Number.isFinite(r.rating)) ratings.set(id, r.rating);
  }
  return { pairVotes, modelVotes, ratings };
}
