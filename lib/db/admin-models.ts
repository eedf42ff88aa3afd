import "server-only";
import { AppError } from "@/lib/errors";
import type { ModelSource, ModelStatus } from "@/lib/generated/prisma/enums";
import type { ModelEntry } from "@/lib/providers/config";
import type { ProviderModelConfig } from "@/lib/providers/types";
import { db } from "./client";

// Which source wins: models.json is re-applied at every start for the models it lists,
// so those are read-only here (edit the file); every other model belongs to the console.

export interface AdminModelRow {
  slug: string;
  displayName: string;
  organization: string | null;
  license: string | null;
  openWeights: boolean;
  providerKind: string;
  /** Provider settings as stored: never a key, only apiKeyEnv (an env var's name). */
  providerConfig: Record<string, unknown>;
  weight: number;
  status: ModelStatus;
  source: ModelSource;
  votes: number;
  updatedAt: Date;
}

const SELECT = {
  slug: true,
  displayName: true,
  organization: true,
  license: true,
  openWeights: true,
  providerKind: true,
  providerConfig: true,
  samplingWeight: true,
  status: true,
  source: true,
  updatedAt: true,
} as const;

export async function listAdminModels(): Promise<AdminModelRow[]> {
  const [models, votes] = await Promise.all([
    db.model.findMany({ select: { id: true, ...SELECT }, orderBy: [{ status: "asc" }, { slug: "asc" }] }),
    db.$queryRaw<{ id: string; n: number }[]>`
      SELECT m.id::text AS id, count(*)::int AS n FROM votes v JOIN battles b ON b.id = v.battle_id
      JOIN models m ON m.id IN (b.model_a_id, b.model_b_id) GROUP BY m.id`,
  ]);
  const byId = new Map(votes.map((v) => [v.id, v.n]));
  return models.map(({ id, samplingWeight, providerConfig, ...m }) => ({
    ...m,
    weight: samplingWeight,
    providerConfig: (providerConfig ?? {}) as Record<string, unknown>,
    votes: byId.get(id) ?? 0,
  }));
}

export async function getAdminModel({ slug }: { slug: string }): Promise<AdminModelRow | null> {
  return (await listAdminModels()).find((m) => m.slug === slug) ?? null;
}

/** The stored provider config with its kind, ready for streamChat (which re-validates it). */
export async function getModelProvider({ slug }: { slug: string }): Promise<ProviderModelConfig | null> {
  const m = await db.model.findUnique({
    where: { slug },
    select: { providerKind: true, providerConfig: true },
  });
  if (!m) return null;
  return { ...(m.providerConfig as object), kind: m.providerKind } as ProviderModelConfig;
}

function entryData(entry: ModelEntry) {
  const { kind, ...config } = entry.provider;
  return {
    displayName: entry.displayName,
    organization: entry.organization ?? null,
    license: entry.license ?? null,
    openWeights: entry.openWeights,
    providerKind: kind,
    providerConfig: config as object,
    samplingWeight: entry.weight,
  };
}

/** Adds a console model (validated entry: keys only by env-var name); 409 when the slug exists. */
export async function createConsoleModel({ entry }: { entry: ModelEntry }): Promise<void> {
  const inserted = await db.model.createMany({
    data: [{ slug: entry.slug, source: "console", status: "active", ...entryData(entry) }],
    skipDuplicates: true,
  });
  if (inserted.count === 0)
    throw new AppError("conflict", `A model with the slug "${entry.slug}" already exists.`);
}

async function requireConsoleModel(slug: string): Promise<void> {
  const m = await db.model.findUnique({ where: { slug }, select: { source: true } });
  if (!m) throw new AppError("not_found", `No model "${slug}".`);
  if (m.source === "file") {
    throw new AppError(
      "conflict",
      `"${slug}" comes from models.json, which wins at every start: edit the file.`,
    );
  }
}

export async function updateConsoleModel({ entry }: { entry: ModelEntry }): Promise<void> {
  await requireConsoleModel(entry.slug);
  await db.model.update({ where: { slug: entry.slug }, data: entryData(entry) });
}

export async function setModelStatus({ slug, status }: { slug: string; status: ModelStatus }): Promise<void> {
  await requireConsoleModel(slug);
  await db.model.update({ where: { slug }, data: { status } });
}
